import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderHtml } from './html/report.ts';
import { renderJson } from './json.ts';
import { renderJUnit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import type { RunReport } from './model.ts';
import { prepareOutDir } from './out-dir.ts';
import { createRedactor } from './redact.ts';

/** The files a run writes, by the names scripts and CI rely on (DESIGN.md). */
export const REPORT_FILES = {
  json: 'resilience-report.json',
  html: 'resilience-report.html',
  junit: 'junit.xml',
  markdown: 'resilience-report.md',
} as const;

export interface WrittenReports {
  json: string;
  html: string;
  junit: string;
  markdown: string;
}

/**
 * Writes a run's reports to `outDir` (created if missing): resilience-report.json (validated
 * against schemas/resilience-report.schema.json first: an invalid report is a bug and throws),
 * resilience-report.html, junit.xml and resilience-report.md, and appends the Markdown to
 * `$GITHUB_STEP_SUMMARY` when that is set. Secrets are redacted in every file. Returns the paths.
 *
 * @example const { html } = await writeReports(report, 'reports');
 */
export async function writeReports(report: RunReport, outDir: string): Promise<WrittenReports> {
  const redactor = createRedactor();
  // Render everything before writing anything: an invalid report leaves no partial set behind.
  const json = renderJson(report, redactor);
  const markdown = renderMarkdown(report, redactor);
  const contents: Record<keyof WrittenReports, string> = {
    json,
    html: renderHtml(report, redactor),
    junit: renderJUnit(report, redactor),
    markdown,
  };
  const dir = await prepareOutDir(outDir);
  const paths = Object.fromEntries(
    Object.entries(REPORT_FILES).map(([kind, name]) => [kind, join(dir, name)]),
  ) as unknown as WrittenReports;
  await Promise.all(
    (Object.keys(contents) as Array<keyof WrittenReports>).map((kind) =>
      writeFile(paths[kind], contents[kind], 'utf8'),
    ),
  );
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (summary) await appendFile(summary, `${markdown}\n`, 'utf8');
  return paths;
}
