import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/report/redact.ts';
import { buildScorecard } from '../../src/scorecard/build.ts';
import { renderScorecardHtml } from '../../src/scorecard/html.ts';
import { InvalidScorecardError, renderScorecardJson } from '../../src/scorecard/json.ts';
import { renderScorecardMarkdown } from '../../src/scorecard/markdown.ts';
import type { Scorecard } from '../../src/scorecard/model.ts';
import { scorecardSchemaErrors } from '../../src/scorecard/schema.ts';
import { writeScorecard } from '../../src/scorecard/write.ts';
import { SECRETS, XSS } from '../report/support/sample-report.ts';
import { BUILD_OPTIONS, report, run, system } from './support/sample.ts';

function scorecard(options: { hostile?: boolean; graded?: boolean } = {}): Scorecard {
  const hostile = options.hostile ?? false;
  const graded = options.graded ?? true;
  const title = hostile ? `Outage ${XSS.img}` : 'Every provider fails';
  const ref = report([
    run({
      id: 'primary-503-burst',
      grade: graded ? 'pass' : undefined,
      servedBy: { openai: 8, huggingface: 12 },
    }),
    run({
      id: 'total-outage',
      title,
      verdict: 'fail',
      grade: graded ? 'safe' : undefined,
      servedBy: {},
      succeeded: 0,
    }),
  ]);
  const gw = report([run({ id: 'primary-503-burst', verdict: 'fail', servedBy: {}, succeeded: 14 })]);
  return buildScorecard(
    [
      {
        system: { ...system('ref', hostile ? `ref ${XSS.script}` : 'reference'), kind: 'reference' },
        report: ref,
        reportHref: 'runs/ref/resilience-report.html',
      },
      {
        system: {
          ...system('gw', 'portkey'),
          kind: 'target-cmd',
          command: hostile ? `start.sh --key ${SECRETS.openaiKey} ${XSS.svg}` : 'start.sh {port}',
          versions: { '@portkey-ai/gateway': '1.15.2' },
        },
        report: gw,
        reportHref: hostile ? 'javascript:alert(1)' : 'runs/gw/resilience-report.html',
      },
    ],
    BUILD_OPTIONS,
  );
}

describe('scorecard JSON', () => {
  it('is valid against the shipped schema and reads back the same', () => {
    const card = scorecard();
    expect(JSON.parse(renderScorecardJson(card))).toEqual(card);
  });

  it('refuses a scorecard that breaks its schema (a bug, never written)', () => {
    const card = scorecard();
    (card.rows[0]?.cells[0] as { result: string }).result = 'excellent';
    expect(() => renderScorecardJson(card)).toThrow(InvalidScorecardError);
    expect(scorecardSchemaErrors({ schemaVersion: '1' }).join('\n')).toMatch(
      /must have required property 'systems'/,
    );
  });
});

describe('scorecard Markdown', () => {
  it('has the scenario × system table with results, served counts, time, links and a summary row', () => {
    const md = renderScorecardMarkdown(scorecard());
    expect(md).toContain('| scenario | reference | portkey |');
    expect(md).toContain(
      '| `primary-503-burst` | [**pass**](runs/ref/resilience-report.html#s-0) 8/12 · 1234 ms | [**fail\\***](runs/gw/resilience-report.html#s-0) – · 1234 ms |',
    );
    expect(md).toContain(
      '| `total-outage` | [**safe**](runs/ref/resilience-report.html#s-1) 0/0 · 1234 ms | **not run** |',
    );
    expect(md).toContain(
      '| **summary** | 1 pass · 0 degraded · 1 safe · 0 fail | 0 pass · 0 degraded · 0 safe · 1 fail · 1 not run |',
    );
    expect(md).toContain('@portkey-ai/gateway 1.15.2');
    expect(md).toMatch(/\\\* verdict, not a grade/);
  });

  it('leaves the verdict footnote out when every cell is graded', () => {
    const card = scorecard();
    card.systems = card.systems.map((s) => ({ ...s, summary: { ...s.summary, byVerdict: 0 } }));
    expect(renderScorecardMarkdown(card)).not.toContain('verdict, not a grade');
  });

  it('escapes hostile names and never links a URL with a scheme', () => {
    const md = renderScorecardMarkdown(scorecard({ hostile: true }));
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;');
    expect(md).not.toContain('](javascript:');
  });
});

describe('scorecard HTML', () => {
  it('is one self-contained page with a CSP that allows no network and no script', () => {
    const page = renderScorecardHtml(scorecard());
    // The CSP sits in an attribute, its quotes escaped.
    expect(page).toContain('content="default-src &#39;none&#39;; script-src &#39;none&#39;;');
    expect(page).not.toMatch(/<script[\s>]/);
    expect(page).not.toMatch(/(src|href)="https?:/);
    expect(page).toMatch(
      /<td class="cell" data-result="pass" data-basis="grade" data-system="ref"><a class="r" href="runs\/ref\/resilience-report.html#s-0"/,
    );
    expect(page).toContain('data-result="not-run"');
  });

  it('escapes every hostile string and drops a link with a scheme', () => {
    const page = renderScorecardHtml(scorecard({ hostile: true }));
    for (const payload of Object.values(XSS)) expect(page).not.toContain(payload);
    expect(page).toContain('&lt;img src=x onerror=');
    expect(page).not.toContain('javascript:');
  });
});

describe('writeScorecard', () => {
  const dir = mkdtempSync(join(tmpdir(), 'brownout-scorecard-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the three files with secrets redacted in each', async () => {
    const written = await writeScorecard(scorecard({ hostile: true }), dir, createRedactor([]));
    for (const path of Object.values(written)) {
      const text = readFileSync(path, 'utf8');
      expect(text).not.toContain(SECRETS.openaiKey);
      expect(text).toContain('[redacted]');
    }
    expect(JSON.parse(readFileSync(join(dir, 'scorecard.json'), 'utf8')).schemaVersion).toBe('1');
  });
});
