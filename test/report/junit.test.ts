import { describe, expect, it } from 'vitest';
import { renderJUnit, xmlEscape } from '../../src/report/junit.ts';
import { createRedactor } from '../../src/report/redact.ts';
import { SECRETS, sampleReport, sampleScenario, XSS } from './support/sample-report.ts';

const render = (report = sampleReport({ hostile: true })) => renderJUnit(report, createRedactor([]));

describe('JUnit XML', () => {
  it('has one testsuite and one testcase per scenario run, classname = backend, name = id: title', () => {
    const xml = render(sampleReport());
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(xml.match(/<testsuite /g)).toHaveLength(1);
    expect(xml).toContain(
      '<testsuite name="brownout" tests="3" failures="1" errors="0" skipped="0" time="64.321"',
    );
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml).toContain('<testcase classname="msw" name="baseline: Healthy providers, steady traffic"');
    expect(xml).toContain('<testcase classname="nock" name="rate-limit-storm: 429 storm with Retry-After"');
  });

  it('writes a failure per failed check with its message, measured value and threshold', () => {
    const xml = render(sampleReport());
    const failures = xml.match(/<failure [\s\S]*?<\/failure>/g) ?? [];
    expect(failures).toHaveLength(2);
    expect(failures[0]).toContain('type="availability"');
    expect(failures[0]).toContain('message="availability: expected at least 99% of requests ok');
    expect(failures[0]).toContain('measured: 0.9512');
    expect(failures[0]).toContain('threshold: 0.99');
    expect(failures[1]).toContain('type="property"');
    expect(failures[1]).toContain('counterexample: [{&quot;delayMs&quot;:31000}]');
    expect(failures[1]).toContain('replay: npx brownout run scenarios/primary-503-burst.ts --seed 1234');
  });

  it('carries properties: run seed and version, and per testcase seed, replay and injected counts', () => {
    const xml = render(sampleReport());
    expect(xml).toContain('<property name="seed" value="42"/>');
    expect(xml).toContain('<property name="git.commit" value="abc1234"/>');
    expect(xml).toContain('<property name="fault.rate-limit.openai.injected" value="57"/>');
    expect(xml).toContain(
      `<property name="replay" value="npx brownout run scenarios/baseline.ts --backend msw --seed 42 --grep &apos;^baseline$&apos;"/>`,
    );
  });

  it('fails a scenario that failed without a failed check, naming the fault never injected', () => {
    const s = sampleScenario({ id: 'idle', faults: [{ kind: 'timeout', target: 'openai', injected: 0 }] });
    s.verdict = 'fail';
    const report = { ...sampleReport(), scenarios: [s], summary: { scenarios: 1, passed: 0, failed: 1 } };
    expect(render(report)).toContain(
      '<failure type="scenario" message="faults never injected: timeout→openai">',
    );
  });

  it('escapes markup and forbidden characters, and redacts secrets', () => {
    const xml = renderJUnit(sampleReport({ hostile: true }));
    expect(xml).not.toContain('<script');
    expect(xml).not.toContain('<img');
    expect(xml).toContain('&lt;img src=x onerror=&quot;window.__pwned');
    for (const secret of Object.values(SECRETS)) expect(xml).not.toContain(secret.replace('Bearer ', ''));
    expect(xml).not.toContain(XSS.closeJson);
  });

  it('xmlEscape makes any string safe in content and attributes', () => {
    expect(xmlEscape(`a<b>&"c"'d'`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;');
    expect(xmlEscape('bell\u0007 nul\u0000 ok')).toBe('bell\\u0007 nul\\u0000 ok');
    expect(xmlEscape('line\nnext\ttab')).toBe('line&#10;next&#9;tab');
    expect(xmlEscape('lone \uD800 surrogate, pair 😀')).toBe('lone \\ud800 surrogate, pair 😀');
  });
});
