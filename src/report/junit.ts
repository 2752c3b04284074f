import { checkWord, formatValue, neverInjected, scenarioKey } from './format.ts';
import { loadTestcase } from './load/junit.ts';
import type { RunReport, ScenarioReport } from './model.ts';
import { createRedactor, type Redactor, redactDeep } from './redact.ts';

/**
 * Text safe in XML content and attribute values: the five special characters as entities, and
 * the characters XML 1.0 forbids (most control characters, lone surrogates, U+FFFE/U+FFFF)
 * shown as `\uXXXX`. Tab and newline in attributes become character references so they survive
 * attribute-value normalization.
 */
export function xmlEscape(text: string): string {
  return text
    .replace(/[&<>"']/g, (c) => XML_ENTITIES[c] as string)
    .replace(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters XML forbids
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

const seconds = (ms: number) => (Number.isFinite(ms) ? (ms / 1000).toFixed(3) : '0');

/**
 * JUnit XML for CI test tabs (Jenkins, GitLab, GitHub test reporters): one testsuite, one
 * testcase per scenario and backend (`classname` = backend, `name` = "id: title"), one `<failure>`
 * per failed check (and per failed property, and per fault never injected) with its message,
 * measured value and threshold. Secrets are redacted.
 */
export function renderJUnit(input: RunReport, redactor: Redactor = createRedactor()): string {
  const report = redactDeep(input, redactor);
  const load = report.load ?? [];
  const failures = [...report.scenarios, ...load].reduce((n, s) => n + (s.verdict === 'fail' ? 1 : 0), 0);
  const skipped = report.skipped ?? [];
  const attrs = `name="brownout" tests="${report.scenarios.length + load.length + skipped.length}" failures="${failures}" errors="0" skipped="${skipped.length}" time="${seconds(report.durationMs)}"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attrs}>`,
    `  <testsuite ${attrs} timestamp="${xmlEscape(report.startedAt)}">`,
    '    <properties>',
    ...runProperties(report).map(([name, value]) => `      ${property(name, value)}`),
    '    </properties>',
    ...report.scenarios.flatMap(testcase),
    ...skipped.flatMap((s) => [
      `    <testcase classname="${xmlEscape(s.backend)}" name="${xmlEscape(s.id)}" time="0">`,
      `      <skipped message="${xmlEscape(s.reason)}"/>`,
      '    </testcase>',
    ]),
    ...load.flatMap((run) => loadTestcase(run, xmlEscape)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ];
  return lines.join('\n');
}

function runProperties(report: RunReport): Array<[string, string]> {
  const props: Array<[string, string]> = [
    ['brownout.version', report.tool.version],
    ['seed', String(report.seed)],
  ];
  const env = report.environment;
  if (env) {
    props.push(['node', env.node], ['platform', `${env.platform}-${env.arch}`], ['command', env.command]);
    if (env.gitCommit) props.push(['git.commit', env.gitCommit]);
  }
  return props;
}

function property(name: string, value: string): string {
  return `<property name="${xmlEscape(name)}" value="${xmlEscape(value)}"/>`;
}

function testcase(s: ScenarioReport): string[] {
  const name = s.title ? `${s.id}: ${s.title}` : s.id;
  const props: Array<[string, string]> = [
    ['scenario', scenarioKey(s)],
    ...(s.seed === undefined ? [] : [['seed', String(s.seed)] as [string, string]]),
    ...(s.replay ? [['replay', s.replay] as [string, string]] : []),
    ...(s.grade ? [['grade', s.grade] as [string, string]] : []),
    ...(s.ideal ? [['grade.ideal', s.ideal] as [string, string]] : []),
    ...(s.notSent ? [['requests.not-sent', String(s.notSent)] as [string, string]] : []),
    ...s.faults.map((f): [string, string] => [`fault.${f.kind}.${f.target}.injected`, String(f.injected)]),
    ...s.properties.map((p): [string, string] => [
      `property.${p.id}`,
      `${p.verdict} (seed ${p.seed}, ${p.runs} runs)`,
    ]),
  ];
  const failures = [
    ...s.checks
      .filter((c) => c.verdict === 'fail' && c.level !== 'advisory')
      .map((c) =>
        failure(c.id, `${c.id}: ${c.message}`, [
          c.message,
          `measured: ${formatValue(c.measured)}`,
          `threshold: ${formatValue(c.threshold)}`,
        ]),
      ),
    ...s.properties
      .filter((p) => p.verdict === 'fail')
      .map((p) =>
        failure('property', `property ${p.id} failed (seed ${p.seed})`, [
          p.message ?? `property ${p.id} failed after ${p.runs} runs`,
          `seed: ${p.seed}`,
          ...(p.counterexample === undefined ? [] : [`counterexample: ${JSON.stringify(p.counterexample)}`]),
          ...(p.path ? [`path: ${p.path}`] : []),
          ...(p.replay ? [`replay: ${p.replay}`] : []),
        ]),
      ),
  ];
  // A scenario can fail without a failed check of its own (e.g. a fault never injected): say so.
  if (s.verdict === 'fail' && failures.length === 0) {
    const idle = neverInjected(s).map((f) => `${f.kind}→${f.target}`);
    failures.push(
      failure(
        'scenario',
        idle.length ? `faults never injected: ${idle.join(', ')}` : (s.gradeReason ?? 'scenario failed'),
        [],
      ),
    );
  }
  const out = [
    `    <testcase classname="${xmlEscape(s.backend)}" name="${xmlEscape(name)}" time="${seconds(s.durationMs ?? 0)}">`,
    '      <properties>',
    ...props.map(([k, v]) => `        ${property(k, v)}`),
    '      </properties>',
    ...failures,
  ];
  const systemOut = [
    ...(s.grade ? [`grade ${s.grade}${s.gradeReason ? `: ${s.gradeReason}` : ''}`] : []),
    ...s.checks.map((c) => `${checkWord(c)} ${c.id}: ${c.message}`),
    ...(s.replay ? ['', `replay: ${s.replay}`] : []),
  ];
  out.push(`      <system-out>${xmlEscape(systemOut.join('\n')).replace(/&#10;/g, '\n')}</system-out>`);
  out.push('    </testcase>');
  return out;
}

function failure(type: string, message: string, body: string[]): string {
  const text = xmlEscape(body.join('\n')).replace(/&#10;/g, '\n');
  return `      <failure type="${xmlEscape(type)}" message="${xmlEscape(message)}">${text}</failure>`;
}
