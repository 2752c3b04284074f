import { Agent } from 'undici';
import { afterAll } from 'vitest';
import { FaultServer } from '../../src/faults/server/fault-server.ts';
import { recordSuite } from './conformance/record-suite.ts';
import { conformanceSuite } from './conformance/suite.ts';
import { fetchClient, undiciClient } from './support/clients.ts';

const agent = new Agent();
afterAll(() => agent.close());

conformanceSuite({
  backend: 'server',
  create: (seed) => new FaultServer({ seed }),
  clients: [
    { name: 'fetch', of: () => fetchClient },
    { name: 'undici.request', of: () => undiciClient(agent) },
  ],
});

recordSuite(
  {
    backend: 'server',
    create: (seed) => new FaultServer({ seed }),
    clients: [{ name: 'undici.request', of: () => undiciClient(agent) }],
  },
  { closeBeforeHeaders: true, closeMidBody: true },
);
