/**
 * The router's own CPU per request, in process and with no network (`node --import tsx
 * bench/router-cpu.ts [--compare-dist DIR] [--rounds 3] [--requests 20000]`): `router.chat()` and
 * `router.stream()` over a transport that answers from memory with the fault server's healthy
 * answer (captured once), plus what the gateway adds per answer (its body text, the route header).
 * Each build runs in its own process, the builds alternating; a figure is the lowest over rounds
 * (on a shared machine, the least disturbed run). It isolates the JS the router and gateway run
 * from the sockets, HTTP and the kernel, which `npm run bench:gateway` measures all together.
 * The other build's dist/ must resolve node_modules, ../fixtures and ../package.json as dist/ does
 * (e.g. a copy at <repo>/.old/dist with those two linked into <repo>/.old/).
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { captureAnswer } from './capture.ts';
import { startServerProcess } from './server-proc.ts';

const { values: args } = parseArgs({
  options: {
    'compare-dist': { type: 'string' },
    rounds: { type: 'string', default: '3' },
    requests: { type: 'string', default: '20000' },
    child: { type: 'string' },
  },
});

type Answers = { json: string; sse: string };

async function measure(
  dist: string,
  mode: 'json' | 'sse',
  answers: Answers,
  requests: number,
): Promise<number> {
  const { createRouter } = (await import(
    `${dist}/router/router.js`
  )) as typeof import('../src/router/router.ts');
  const { openaiCompatible } = (await import(
    `${dist}/router/providers/openai-compatible.js`
  )) as typeof import('../src/router/providers/openai-compatible.ts');
  const { encodeRouteHeaders } = (await import(
    `${dist}/gateway/route-headers.js`
  )) as typeof import('../src/gateway/route-headers.ts');
  // A build from before the raw pass-through has no raw-text module: it always encodes.
  const rawTextOf = await import(`${dist}/router/raw-text.js`).then(
    (m: typeof import('../src/router/raw-text.ts')) => m.rawTextOf,
    () =>
      (_: object): string | undefined =>
        undefined,
  );
  const transport = {
    name: 'memory',
    async request(req: { headers: Record<string, string> }) {
      const stream = req.headers.accept === 'text/event-stream';
      const text = stream ? answers.sse : answers.json;
      const bytes = Buffer.from(text);
      return {
        status: 200,
        header: (name: string) =>
          name === 'content-type' ? (stream ? 'text/event-stream' : 'application/json') : undefined,
        headerEntries: () => [],
        body: (async function* () {
          yield bytes;
        })(),
        text: async () => text,
        discard: async () => {},
        abort: () => {},
      };
    },
    fetch: () => Promise.reject(new Error('not used')),
    close: async () => {},
  };
  const router = createRouter({
    providers: [
      openaiCompatible({ name: 'openai', baseURL: 'http://upstream.test/v1', model: 'gpt-4o-mini' }),
    ],
    transport,
  });
  const body = JSON.stringify({
    model: 'openai',
    stream: mode === 'sse',
    messages: [{ role: 'user', content: 'Say hello.' }],
  });
  let sink = 0;
  const once = async () => {
    const { stream: _, ...request } = JSON.parse(body);
    if (mode === 'sse') {
      const routed = router.stream(request);
      for await (const chunk of routed)
        sink += `data: ${rawTextOf(chunk) ?? JSON.stringify(chunk)}\n\n`.length;
      if (routed.route) sink += encodeRouteHeaders(routed.route, Date.now())['x-brownout-route']?.length ?? 0;
      return;
    }
    const { completion, route } = await router.chat(request);
    sink += (rawTextOf(completion) ?? JSON.stringify(completion)).length;
    sink += encodeRouteHeaders(route, Date.now())['x-brownout-route']?.length ?? 0;
  };
  for (let i = 0; i < Math.min(3000, requests); i++) await once();
  const before = process.cpuUsage();
  for (let i = 0; i < requests; i++) await once();
  const used = process.cpuUsage(before);
  await router.close();
  if (sink === 0) throw new Error('nothing was answered');
  return (used.user + used.system) / requests;
}

if (args.child) {
  const [dist, mode] = args.child.split('|') as [string, 'json' | 'sse'];
  const answers = JSON.parse(process.env.BENCH_ANSWERS ?? '{}') as Answers;
  process.stdout.write(String(await measure(dist, mode, answers, Number(args.requests))));
} else {
  const fault = await startServerProcess(['fault', '[]']);
  let answers: Answers;
  try {
    const [json, sse] = [await captureAnswer(fault.origin, false), await captureAnswer(fault.origin, true)];
    answers = { json: json.pieces.join(''), sse: sse.pieces.join('') };
  } finally {
    await fault.close();
  }
  const builds: Record<string, string> = { 'this build': fileURLToPath(new URL('../dist', import.meta.url)) };
  if (args['compare-dist']) builds['other build'] = resolve(args['compare-dist']);
  const best: Record<string, number> = {};
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const mode of ['json', 'sse'] as const) {
      for (const [name, dist] of Object.entries(builds)) {
        const out = execFileSync(
          process.execPath,
          [
            '--import',
            'tsx',
            fileURLToPath(import.meta.url),
            '--child',
            `${dist}|${mode}`,
            '--requests',
            String(args.requests),
          ],
          { env: { ...process.env, BENCH_ANSWERS: JSON.stringify(answers) }, encoding: 'utf8' },
        );
        const key = `${mode} ${name}`;
        best[key] = Math.min(best[key] ?? Number.POSITIVE_INFINITY, Number(out));
      }
    }
  }
  console.log('| case | build | CPU µs per request (lowest over rounds) |\n|---|---|---|');
  for (const [key, us] of Object.entries(best)) {
    const [mode, ...build] = key.split(' ');
    console.log(`| ${mode === 'sse' ? 'SSE stream' : 'JSON'} | ${build.join(' ')} | ${us.toFixed(1)} |`);
  }
}
