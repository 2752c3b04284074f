/** The longest delay Node's timers accept (2^31 - 1 ms, about 24.8 days): the cap on every duration. */
export const MAX_MS = 2_147_483_647;
