import { describe, expect, it } from 'vitest';
import { PROBE_PARAM, probeTaggedUrl, readProbeKey } from '../../src/faults/correlation.ts';
import { describeRequest } from '../../src/faults/request.ts';

describe("the runner's probe tag", () => {
  it('goes into the query, keeping what was there and any fragment', () => {
    expect(probeTaggedUrl('http://h/api/models/a/b', 'r.probe')).toBe(
      `http://h/api/models/a/b?${PROBE_PARAM}=r.probe`,
    );
    expect(probeTaggedUrl('http://h/api/models/a/b?expand[]=gated', 'r.probe')).toBe(
      'http://h/api/models/a/b?expand[]=gated&brownout-probe=r.probe',
    );
    expect(probeTaggedUrl('http://h/v1/models?#x', 'k')).toBe('http://h/v1/models?brownout-probe=k#x');
    expect(() => probeTaggedUrl('http://h/', 'no spaces')).toThrow(/correlation key must match/);
  });

  it('is read back from the query, and only a well-formed key counts', () => {
    expect(readProbeKey('expand[]=gated&brownout-probe=r.probe')).toBe('r.probe');
    expect(readProbeKey('expand[]=gated')).toBeUndefined();
    expect(readProbeKey('brownout-probe=%3Cscript%3E')).toBeUndefined();
  });

  it('marks the request the fake provider sees, and nothing else does', () => {
    const hub = describeRequest({
      provider: 'huggingface',
      method: 'GET',
      path: '/api/models/openai/gpt-oss-20b',
      query: 'expand[]=disabled&brownout-probe=run7.probe',
    });
    expect(hub).toMatchObject({ probe: 'run7.probe', key: undefined, dialect: 'hf-hub' });
    const chat = describeRequest({
      provider: 'openai',
      method: 'POST',
      path: '/v1/chat/completions',
      bodyText: JSON.stringify({ messages: [{ role: 'user', content: 'hi [brownout:run7.0]' }] }),
    });
    expect(chat).toMatchObject({ probe: undefined, key: 'run7.0' });
  });
});
