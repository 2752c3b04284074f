import { expect, it } from 'vitest';
import { MockAgentInjector } from '../../src/faults/backends/mock-agent.ts';
import { createInjector } from '../../src/faults/create.ts';
import { FaultServer } from '../../src/faults/server/fault-server.ts';
import { BACKENDS } from '../../src/faults/support.ts';

it('builds, unstarted, the injector of every backend in the list', async () => {
  for (const backend of BACKENDS) {
    const injector = createInjector(backend, { seed: 3, faults: [{ kind: 'auth', target: 'openai' }] });
    expect(injector.backend).toBe(backend);
    expect(injector.getFaults()).toMatchObject([{ kind: 'auth', status: 401 }]);
    await injector.stop();
  }
});

it('types the injector by backend: the server has a URL once started, MockAgent a dispatcher', async () => {
  const server = createInjector('server', { port: 0 });
  expect(server).toBeInstanceOf(FaultServer);
  await server.start();
  expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  await server.stop();
  const mockAgent = createInjector('mock-agent');
  expect(mockAgent).toBeInstanceOf(MockAgentInjector);
  expect(typeof mockAgent.dispatcher.dispatch).toBe('function');
});
