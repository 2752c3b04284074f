/** The history's types live in src/history (the recorder and the checks both import them). */
export type * from '../history/history.ts';
