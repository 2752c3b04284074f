import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { mdBlock, mdCode, mdText } from '../../src/report/markdown-text.ts';
import { createRedactor } from '../../src/report/redact.ts';
import { SECRETS, sampleReport } from './support/sample-report.ts';

describe('Markdown report', () => {
  const md = renderMarkdown(sampleReport(), createRedactor([]));

  it('starts with the verdict line', () => {
    expect(md.split('\n')[0]).toBe('## ❌ brownout FAIL: 1 of 3 scenario runs failed');
    const passing = sampleReport();
    passing.scenarios = passing.scenarios.filter((s) => s.verdict === 'pass');
    passing.summary = { scenarios: 2, passed: 2, failed: 0 };
    expect(renderMarkdown(passing).split('\n')[0]).toBe('## ✅ brownout PASS: all 2 scenario runs passed');
  });

  it('has a summary table with the failed scenario first', () => {
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'));
    expect(rows[0]).toContain('Scenario');
    expect(rows[1]).toMatch(/^\| ❌ \| `primary-503-burst`/);
    expect(rows[2]).toMatch(/^\| ✅ \| `baseline`/);
    expect(rows[1]).toContain('http-error→openai ×140');
  });

  it('lists failed scenarios with failed checks, the property counterexample and the replay command', () => {
    const failed = md.slice(md.indexOf('### Failed'));
    expect(failed).toContain('#### ❌ `primary-503-burst` on `msw`');
    expect(failed).toContain('- ❌ `availability`: expected at least 99% of requests ok');
    expect(failed).toContain('(measured 0.9512; threshold 0.99)');
    expect(failed).toContain(
      'property `no-request-outlives-deadline` (seed 1234, 100 runs); counterexample `[{"delayMs":31000}]`',
    );
    expect(failed).toContain(
      "```sh\nnpx brownout run scenarios/primary-503-burst.ts --backend msw --seed 42 --grep '^primary-503-burst$'\n```",
    );
    expect(failed).not.toContain('baseline');
  });

  it('escapes HTML and Markdown in untrusted text and redacts secrets', () => {
    const hostile = renderMarkdown(sampleReport({ hostile: true }));
    // Code spans show markup as text (CommonMark); everywhere else it must be entities.
    const outsideCode = hostile.replace(/(`+)[^`]*?\1/g, '');
    expect(outsideCode).not.toMatch(/<(script|img|svg)/);
    expect(hostile).toContain('`[{"prompt":"<script>window.__pwned');
    expect(hostile).toContain('&lt;img src=x onerror=');
    for (const secret of Object.values(SECRETS)) expect(hostile).not.toContain(secret.replace('Bearer ', ''));
  });

  it('escaping helpers', () => {
    expect(mdText('a|b *c* <b>\nnext')).toBe('a\\|b \\*c\\* &lt;b&gt; next');
    expect(mdCode('x`y')).toBe('``x`y``');
    expect(mdCode('a|b', { inTable: true })).toBe('`a\\|b`');
    expect(mdBlock('run ```x```')).toBe('````\nrun ```x```\n````');
  });
});
