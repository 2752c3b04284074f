import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createRedactor, type Redactor, redactDeep } from '../report/redact.ts';
import { renderScorecardHtml } from './html.ts';
import { renderScorecardJson } from './json.ts';
import { renderScorecardMarkdown } from './markdown.ts';
import type { Scorecard } from './model.ts';

/** The files a scorecard writes, by the names scripts rely on. */
export const SCORECARD_FILES = {
  json: 'scorecard.json',
  html: 'scorecard.html',
  markdown: 'scorecard.md',
} as const;

export type WrittenScorecard = Record<keyof typeof SCORECARD_FILES, string>;

/**
 * Writes scorecard.json (validated against schemas/scorecard.schema.json first), scorecard.html
 * and scorecard.md to `outDir`, secrets redacted in each (commands and errors may quote them).
 * Everything is rendered before anything is written. Returns the paths.
 *
 * @example const { html } = await writeScorecard(scorecard, 'reports/scorecard')
 */
export async function writeScorecard(
  input: Scorecard,
  outDir: string,
  redactor: Redactor = createRedactor(),
): Promise<WrittenScorecard> {
  const scorecard = redactDeep(input, redactor);
  const contents: WrittenScorecard = {
    json: renderScorecardJson(scorecard),
    html: renderScorecardHtml(scorecard),
    markdown: renderScorecardMarkdown(scorecard),
  };
  const dir = resolve(outDir);
  await mkdir(dir, { recursive: true });
  const paths = Object.fromEntries(
    Object.entries(SCORECARD_FILES).map(([kind, name]) => [kind, join(dir, name)]),
  ) as WrittenScorecard;
  await Promise.all(
    (Object.keys(contents) as Array<keyof WrittenScorecard>).map((k) =>
      writeFile(paths[k], contents[k], 'utf8'),
    ),
  );
  return paths;
}
