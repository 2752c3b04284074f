/**
 * Record once, replay offline (nock.back): a user with real keys records provider traffic into a
 * cassette file; tests then replay it with no network and no keys. Recordings keep no request
 * headers (nock does not record them by default) and drop response headers that identify an
 * account.
 */

import type { Definition } from 'nock';
import { BrownoutTypeError } from '../../errors.ts';
import { claimInterceptor } from './guard.ts';

/** `record`: replay the cassette if it exists, else record one. `update`: record anew. `replay`: cassette only, no network. */
export type CassetteMode = 'record' | 'update' | 'replay';

export interface CassetteOptions {
  /** Directory of cassette files. */
  dir: string;
  /** Default: `BROWNOUT_CASSETTE_MODE`, else `replay`. */
  mode?: CassetteMode;
  /** Match request bodies on replay (default true); false replays whatever the body. */
  matchBody?: boolean;
  /** Response headers dropped from recordings (lower case), added to the defaults. */
  scrubHeaders?: readonly string[];
}

export interface Cassette {
  readonly mode: CassetteMode;
  /** Recorded interactions not replayed yet. */
  pending(): string[];
  /** Ends the cassette: saves a recording, stops intercepting. */
  done(): Promise<void>;
}

/** Response headers that name an account or a request, never wanted in a shared fixture. */
export const SCRUBBED_HEADERS = [
  'set-cookie',
  'openai-organization',
  'openai-project',
  'cf-ray',
  'x-amz-cf-id',
  'x-amzn-trace-id',
];

const NOCK_MODE: Record<CassetteMode, string> = { record: 'record', update: 'update', replay: 'lockdown' };

function scrub(definition: Definition, drop: ReadonlySet<string>): Definition {
  const raw = definition.rawHeaders;
  if (raw)
    definition.rawHeaders = Object.fromEntries(
      Object.entries(raw).filter(([k]) => !drop.has(k.toLowerCase())),
    );
  return definition;
}

/**
 * Opens cassette `name` (a JSON file in `dir`).
 *
 * @example
 * // Record (needs real keys and network): BROWNOUT_CASSETTE_MODE=record npx vitest run test/record.test.ts
 * const cassette = await useCassette('openai-chat.json', { dir: 'fixtures/cassettes' });
 * await new OpenAI({ maxRetries: 0 }).chat.completions.create({ model: 'gpt-4o-mini', messages });
 * await cassette.done();
 */
export async function useCassette(name: string, options: CassetteOptions): Promise<Cassette> {
  const mode = options.mode ?? (process.env.BROWNOUT_CASSETTE_MODE as CassetteMode | undefined) ?? 'replay';
  if (!(mode in NOCK_MODE))
    throw new BrownoutTypeError(
      'BROWNOUT_CASSETTE_MODE',
      `cassette mode must be record, update or replay, got "${mode}"`,
    );
  const release = claimInterceptor('nock');
  try {
    const { default: nock } = await import('nock');
    const drop = new Set([...SCRUBBED_HEADERS, ...(options.scrubHeaders ?? [])].map((h) => h.toLowerCase()));
    nock.back.fixtures = options.dir;
    nock.back.setMode(NOCK_MODE[mode] as Parameters<typeof nock.back.setMode>[0]);
    const { nockDone, context } = await nock.back(name, {
      before: (definition) => {
        if (options.matchBody === false) delete definition.body;
      },
      afterRecord: (definitions) => definitions.map((d) => scrub(d, drop)),
    });
    return {
      mode,
      pending: () => context.scopes.flatMap((scope) => scope.pendingMocks()),
      async done() {
        nockDone();
        nock.cleanAll();
        nock.enableNetConnect();
        nock.restore();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
