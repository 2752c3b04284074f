import { NockInjector } from '../../src/faults/backends/nock.ts';
import { recordSuite } from './conformance/record-suite.ts';
import { conformanceSuite } from './conformance/suite.ts';
import { fetchClient } from './support/clients.ts';

conformanceSuite({
  backend: 'nock',
  create: (seed) => new NockInjector({ seed }),
  clients: [{ name: 'fetch', of: () => fetchClient }],
});

recordSuite(
  {
    backend: 'nock',
    create: (seed) => new NockInjector({ seed }),
    clients: [{ name: 'fetch', of: () => fetchClient }],
  },
  { closeBeforeHeaders: false, closeMidBody: false },
);
