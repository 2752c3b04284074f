import { createHash } from 'node:crypto';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { PageData } from '../../src/report/html/chart-data.ts';
import { escapeHtml, html, jsonForScript } from '../../src/report/html/escape.ts';
import { renderHtml } from '../../src/report/html/report.ts';
import { createRedactor } from '../../src/report/redact.ts';
import { SECRETS, sampleReport, XSS } from './support/sample-report.ts';

function parts(page: string) {
  const data = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
  const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] as string);
  const markup = page.replace(/<script[\s\S]*?<\/script>/g, '');
  return { data, scripts, markup };
}

describe('HTML report', () => {
  const page = renderHtml(sampleReport({ hostile: true, extraScenarios: 4 }));
  const { data, scripts, markup } = parts(page);

  it('is one self-contained document: no external script, style, image or link', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).not.toMatch(/<(link|iframe|object|embed)\b/i);
    expect(markup).not.toMatch(/\s(src|href)="(?!#)/i);
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toContain('uPlot');
  });

  it('allows only its own inline script, by hash, and no network', () => {
    const csp = (
      /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1] ?? ''
    ).replaceAll('&#39;', "'");
    const hash = createHash('sha256')
      .update(scripts[0] as string, 'utf8')
      .digest('base64');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).not.toMatch(/connect-src|unsafe-eval|https?:/);
  });

  it('embeds the chart data as JSON that no payload can close', () => {
    expect(data).not.toMatch(/[<>]/);
    const parsed = JSON.parse(data) as PageData;
    expect(parsed.providers).toEqual(['openai', 'huggingface']);
    const failing = Object.values(parsed.scenarios).find((s) => s.codes.includes('ALL_PROVIDERS_FAILED'))!;
    expect(failing.t).toHaveLength(2000);
    expect(failing.breaker).toHaveLength(5);
    expect(jsonForScript({ s: XSS.closeJson })).toBe(
      '{"s":"\\u003c/script\\u003e\\u003cscript\\u003ewindow.__pwned = \\"json\\"; alert(3)\\u003c/script\\u003e"}',
    );
  });

  it('escapes every untrusted string in the markup', () => {
    expect(markup).not.toMatch(/<(img|svg)\b/i);
    expect(markup).not.toContain('<script>window');
    expect(markup).toContain(
      'Primary 503 burst &lt;img src=x onerror=&quot;window.__pwned = &#39;img&#39;; alert(2)&quot;&gt;',
    );
    expect(markup).toContain('&lt;svg onload=');
    expect(markup).toContain('&lt;/script&gt;&lt;script&gt;window.__pwned = &quot;json&quot;');
  });

  it('redacts secrets everywhere, markup and data', () => {
    for (const secret of [SECRETS.openaiKey, SECRETS.hfToken, 'opaque-session-token-0123456789']) {
      expect(page).not.toContain(secret);
    }
    const env = renderHtml(sampleReport(), createRedactor(['Healthy providers']));
    expect(env).not.toContain('Healthy providers');
  });

  it('puts the verdict first, then what failed, then failed scenarios first', () => {
    const h1 = /<h1>([\s\S]*?)<\/h1>/.exec(page)?.[1] ?? '';
    expect(h1).toContain('✗ FAIL');
    expect(h1).toContain('1 of 7 scenario runs failed');
    expect(page.indexOf('What failed')).toBeLessThan(page.indexOf('class="toolbar"'));
    const verdicts = [...page.matchAll(/<details class="scenario" id="(s-\d+)" data-verdict="(\w+)"/g)].map(
      (m) => m[2],
    );
    expect(verdicts).toEqual(['fail', 'pass', 'pass', 'pass', 'pass', 'pass', 'pass']);
  });

  it('opens only the failed scenarios, so charts of closed ones are drawn on demand', () => {
    const open = [...page.matchAll(/<details class="scenario"[^>]*? open>/g)];
    expect(open).toHaveLength(1);
    expect(open[0]?.[0]).toContain('data-verdict="fail"');
  });

  it('has labelled filters for search, verdict, fault kind and backend', () => {
    for (const id of ['filter-q', 'filter-verdict', 'filter-fault', 'filter-backend'])
      expect(page).toContain(`<label for="${id}">`);
    expect(page).toContain('<option value="http-error">http-error</option>');
    expect(page).toContain('<option value="rate-limit">rate-limit</option>');
    expect(page).toContain('<option value="nock">nock</option>');
  });

  it('shows checks with measured against threshold, injected counts, quantiles, counterexample and replay', () => {
    expect(markup).toContain(
      '<td class="id">availability</td><td class="num">0.9512</td><td class="num">0.99</td>',
    );
    expect(markup).toContain('<td class="num">57</td>');
    expect(markup).toContain('no-request-outlives-deadline');
    expect(markup).toContain('&quot;delayMs&quot;: 31000');
    expect(markup).toContain('npx brownout run scenarios/primary-503-burst.ts --backend msw --seed 42');
    expect(markup).toContain('No request failed over to a fallback provider.');
    expect(markup).toContain('<td class="mono">abc1234</td>');
  });

  it('ships a page script that parses', () => {
    expect(() => new Script(scripts[0] as string)).not.toThrow();
  });

  it('stays small: a typical report is well under 400 KB', () => {
    const typical = renderHtml(sampleReport({ extraScenarios: 7 }));
    expect(typical.length).toBeLessThan(400_000);
  });

  it('html`` escapes interpolations and escapeHtml covers attribute quotes', () => {
    expect(html`<p title="${'"x"'}">${'<b>'}</p>`.value).toBe('<p title="&quot;x&quot;">&lt;b&gt;</p>');
    expect(escapeHtml(`'&`)).toBe('&#39;&amp;');
  });
});
