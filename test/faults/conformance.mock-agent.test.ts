import { MockAgentInjector } from '../../src/faults/backends/mock-agent.ts';
import { recordSuite } from './conformance/record-suite.ts';
import { conformanceSuite } from './conformance/suite.ts';
import { undiciClient } from './support/clients.ts';

conformanceSuite({
  backend: 'mock-agent',
  create: (seed) => new MockAgentInjector({ seed }),
  clients: [{ name: 'undici.request', of: (injector) => undiciClient(injector.dispatcher) }],
});

recordSuite(
  {
    backend: 'mock-agent',
    create: (seed) => new MockAgentInjector({ seed }),
    clients: [{ name: 'undici.request', of: (injector) => undiciClient(injector.dispatcher) }],
  },
  { closeBeforeHeaders: true, closeMidBody: false },
);
