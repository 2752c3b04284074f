import { describe, expect, it } from 'vitest';
import { parsePrometheus } from './support/prometheus.ts';

describe('parsePrometheus (test helper)', () => {
  it('reads families, escaped labels and histogram series', () => {
    const families = parsePrometheus(
      [
        '# HELP a_total Things.',
        '# TYPE a_total counter',
        'a_total{path="x",msg="q\\"uote\\\\ and \\n"} 3',
        '# TYPE h_seconds histogram',
        'h_seconds_bucket{le="+Inf",path="x"} 2',
        'h_seconds_sum{path="x"} 0.5',
        'h_seconds_count{path="x"} 2',
        '',
      ].join('\n'),
    );
    expect(families.get('a_total')).toEqual({
      name: 'a_total',
      help: 'Things.',
      type: 'counter',
      samples: [{ name: 'a_total', labels: { path: 'x', msg: 'q"uote\\ and \n' }, value: 3 }],
    });
    expect(families.get('h_seconds')?.samples.map((s) => [s.name, s.value])).toEqual([
      ['h_seconds_bucket', 2],
      ['h_seconds_sum', 0.5],
      ['h_seconds_count', 2],
    ]);
  });

  it('rejects what Prometheus would reject', () => {
    expect(() => parsePrometheus('# TYPE a gauge\na{path=x} 1\n')).toThrow(/bad labels/);
    expect(() => parsePrometheus('# TYPE a gauge\na 1.2.3\n')).toThrow(/bad value/);
    expect(() => parsePrometheus('b 1\n')).toThrow(/without HELP\/TYPE/);
    expect(() => parsePrometheus('# TYPE a gauge\na{x="1",x="2"} 1\n')).toThrow(/twice/);
    expect(() => parsePrometheus('# TYPE a sometype\n')).toThrow(/bad type/);
  });
});
