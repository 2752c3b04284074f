// MSW and nock share one interceptor: the second one to start in a process must fail loudly.
import { describe, expect, it } from 'vitest';
import { useCassette } from '../../../src/faults/backends/cassette.ts';
import { MswInjector } from '../../../src/faults/backends/msw.ts';
import { NockInjector } from '../../../src/faults/backends/nock.ts';

const chat = () =>
  fetch('https://api.openai.com/v1/chat/completions', {
    method: 'POST',
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
  });

describe('MSW and nock in one process', () => {
  it('refuses nock while MSW is active, and MSW keeps working', async () => {
    const msw = new MswInjector();
    await msw.start();
    try {
      const nock = new NockInjector();
      await expect(nock.start()).rejects.toThrow(
        'Cannot start the nock backend: the MSW backend is active in this process. MSW and nock share one interceptor; run them in separate processes (vitest files).',
      );
      await expect(useCassette('none.json', { dir: '/nonexistent', mode: 'replay' })).rejects.toMatchObject({
        code: 'BROWNOUT_BACKEND_CONFLICT',
      });
      msw.setFaults([{ kind: 'http-error', target: 'openai', status: 502 }]);
      expect((await chat()).status).toBe(502);
      expect(msw.stats().injected).toBe(1);
    } finally {
      await msw.stop();
    }
  });

  it('refuses MSW while nock is active', async () => {
    const nock = new NockInjector();
    await nock.start();
    try {
      await expect(new MswInjector().start()).rejects.toMatchObject({
        name: 'BackendConflictError',
        code: 'BROWNOUT_BACKEND_CONFLICT',
        message: expect.stringContaining(
          'Cannot start the MSW backend: the nock backend is active in this process.',
        ),
      });
      expect((await chat()).status).toBe(200);
      expect(nock.stats().requests).toBe(1);
    } finally {
      await nock.stop();
    }
  });

  it('takes turns: MSW, then nock, then MSW again, each stopped before the next starts', async () => {
    for (const injector of [new MswInjector(), new NockInjector(), new MswInjector()]) {
      await injector.start();
      injector.setFaults([{ kind: 'http-error', target: 'openai', status: 504 }]);
      expect((await chat()).status).toBe(504);
      expect(injector.stats().injected).toBe(1);
      await injector.stop();
    }
  });

  it('refuses to start one injector twice', async () => {
    const nock = new NockInjector();
    await nock.start();
    await expect(nock.start()).rejects.toMatchObject({ code: 'BROWNOUT_INJECTOR_STATE' });
    await nock.stop();
    await nock.stop();
  });
});
