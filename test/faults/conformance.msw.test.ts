import { MswInjector } from '../../src/faults/backends/msw.ts';
import { recordSuite } from './conformance/record-suite.ts';
import { conformanceSuite } from './conformance/suite.ts';
import { fetchClient } from './support/clients.ts';

conformanceSuite({
  backend: 'msw',
  create: (seed) => new MswInjector({ seed, onUnhandledRequest: 'error' }),
  clients: [{ name: 'fetch', of: () => fetchClient }],
});

recordSuite(
  {
    backend: 'msw',
    create: (seed) => new MswInjector({ seed, onUnhandledRequest: 'error' }),
    clients: [{ name: 'fetch', of: () => fetchClient }],
  },
  { closeBeforeHeaders: true, closeMidBody: true },
);
