/**
 * The backend matrix: which backend reaches which client transport, and which fault variant it
 * can produce (gathered from the kinds, each of which declares its own support). One object,
 * exported, asserted by the conformance suite and rendered into docs/faults.md; a fault a backend
 * cannot produce is refused when set, never skipped silently.
 */
import { KINDS, VARIANTS, variantOf } from './catalog.ts';
import { UnsupportedFaultError } from './errors.ts';
import type { Fault } from './model.ts';
import { BACKENDS, type BackendName, type Support } from './support.ts';

/** One backend's row: every variant, as its kind declares it (native unless the kind says otherwise). */
function row(backend: BackendName): Record<string, Support> {
  return Object.fromEntries(
    KINDS.flatMap((module) =>
      module.variants.map((v) => [v, module.support?.[v]?.[backend] ?? { level: 'native' }]),
    ),
  );
}

/** Per backend, per fault variant (`kind` or `kind:mode`): can it be produced, and how. */
export const BACKEND_MATRIX: Readonly<Record<BackendName, Readonly<Record<string, Support>>>> =
  Object.fromEntries(BACKENDS.map((backend) => [backend, row(backend)])) as Record<
    BackendName,
    Record<string, Support>
  >;

export type Transport = 'global fetch' | 'node:http(s)' | 'undici request/fetch';

/** Which client transports each backend reaches (a router's fetch or undici transport). */
export const TRANSPORT_MATRIX: Readonly<Record<BackendName, Readonly<Record<Transport, Support>>>> = {
  msw: {
    'global fetch': { level: 'native' },
    'node:http(s)': { level: 'native' },
    'undici request/fetch': { level: 'unsupported', note: 'the undici package goes to the real network' },
  },
  nock: {
    'global fetch': { level: 'native' },
    'node:http(s)': { level: 'native' },
    'undici request/fetch': { level: 'unsupported', note: 'the undici package goes to the real network' },
  },
  server: {
    'global fetch': { level: 'native', note: 'real sockets on loopback' },
    'node:http(s)': { level: 'native', note: 'real sockets on loopback' },
    'undici request/fetch': { level: 'native', note: 'real sockets on loopback' },
  },
  'mock-agent': {
    'global fetch': { level: 'native', note: 'only after `setGlobalDispatcher(injector.dispatcher)`' },
    'node:http(s)': { level: 'unsupported', note: 'node:http does not use undici dispatchers' },
    'undici request/fetch': { level: 'native', note: 'pass `dispatcher: injector.dispatcher`' },
  },
};

/** How a backend supports a fault variant. */
export function supportOf(backend: BackendName, variant: string): Support {
  return BACKEND_MATRIX[backend][variant] ?? { level: 'unsupported', note: `unknown variant ${variant}` };
}

/** Throws {@link UnsupportedFaultError} for the first fault the backend cannot produce. */
export function assertSupported(backend: BackendName, faults: readonly Fault[], where = 'faults'): void {
  for (const [i, fault] of faults.entries()) {
    const variant = variantOf(fault);
    const support = supportOf(backend, variant);
    if (support.level === 'unsupported') {
      throw new UnsupportedFaultError(backend, variant, support.note ?? 'not supported', `${where}[${i}]`);
    }
  }
}

function cell(support: Support): string {
  return support.level === 'native' ? 'yes' : support.level === 'emulated' ? 'emulated' : '**no**';
}

/** The matrix as Markdown tables (transports, then fault variants, then the notes, grouped). */
export function renderMatrixMarkdown(): string {
  const header = (first: string) =>
    `| ${first} | ${BACKENDS.join(' | ')} |\n| --- |${BACKENDS.map(() => ' --- |').join('')}`;
  const transports = (Object.keys(TRANSPORT_MATRIX.msw) as Transport[])
    .map((t) => `| ${t} | ${BACKENDS.map((b) => cell(TRANSPORT_MATRIX[b][t])).join(' | ')} |`)
    .join('\n');
  const variants = VARIANTS.map(
    (v) => `| \`${v}\` | ${BACKENDS.map((b) => cell(supportOf(b, v))).join(' | ')} |`,
  ).join('\n');
  // One line per backend and note, naming every row it explains.
  const notes = new Map<string, string[]>();
  for (const b of BACKENDS) {
    const rows: Array<[string, Support]> = [
      ...Object.entries(TRANSPORT_MATRIX[b]),
      ...VARIANTS.map((v) => [v, supportOf(b, v)] as [string, Support]),
    ];
    for (const [what, support] of rows) {
      if (!support.note) continue;
      const key = `${b}|${support.level}|${support.note}`;
      notes.set(key, [...(notes.get(key) ?? []), `\`${what}\``]);
    }
  }
  const lines = [...notes].map(([key, rows]) => {
    const [backend, level, note] = key.split('|');
    return `- ${backend}, ${rows.join(', ')}: ${level}: ${note}.`;
  });
  return `${header('transport')}\n${transports}\n\n${header('fault variant')}\n${variants}\n\n${lines.join('\n')}\n`;
}
