/**
 * The injection backends, and the words for what a backend can do with a fault variant: the
 * vocabulary of the backend matrix. Each kind declares its own support (src/faults/kinds/); the
 * matrix (matrix.ts) gathers it. The one list of backend names: the scenario schema imports it.
 */

export const BACKENDS = ['msw', 'nock', 'server', 'mock-agent'] as const;
/** The injection backends. */
export type BackendName = (typeof BACKENDS)[number];

/**
 * Why a backend's upstream record cannot tell when the caller closed its connection: nock's reply
 * is never told that the request it answers was aborted, so an attempt's end is when nock finished,
 * not when the caller left. Checks that judge closes (no-orphan-attempts) skip that part there.
 */
export const CALLER_CLOSE_UNSEEN: Partial<Record<BackendName, string>> = {
  nock: 'nock never tells its reply that the caller aborted, so the record cannot see when a connection closed',
};

/**
 * - `native`: the client observes what a real provider would cause, by the normal path.
 * - `emulated`: the client observes an equivalent error, built in-process (no socket fails).
 * - `unsupported`: the backend cannot produce it; setting such a fault throws.
 */
export type SupportLevel = 'native' | 'emulated' | 'unsupported';
export interface Support {
  level: SupportLevel;
  note?: string;
}

/** Why MockAgent cannot dribble, stall or cut a body (several kinds cite it; one text, one note). */
export const MOCK_AGENT_BUFFERS =
  'MockAgent buffers bodies: it cannot send part of a body and then wait or fail';
