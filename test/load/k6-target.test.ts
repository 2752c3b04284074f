/**
 * The k6 script's view of a target without route headers (k6/target.ts): its headers, and the
 * serving provider read from the fake provider's echo. k6 scripts cannot import src/, so the echo
 * is parsed twice; this holds the script's reading to what the fake writes (src/faults/correlation.ts).
 */
import { describe, expect, it } from 'vitest';
import { correlationKey, echoedProvider, hasHeader, readTargetHeaders } from '../../k6/target.ts';
import { correlationEcho, correlationTag, readCorrelationKey } from '../../src/faults/correlation.ts';
import { loadTargetHeaders } from '../../src/load/target-headers.ts';

describe('k6 target headers and the answer echo', () => {
  it('reads the serving provider from the echo the fake writes, only for this request', () => {
    const key = correlationKey(12, 345, 'fault_json');
    // The fake reads the key from the tag the script appends, and echoes it back.
    expect(readCorrelationKey(`Say hello. ${correlationTag(key)}`)).toBe(key);
    const json = JSON.stringify({
      choices: [{ message: { content: `${correlationEcho(key, 'huggingface', 7)} Hello! answered.` } }],
    });
    expect(echoedProvider(json, key)).toBe('huggingface');
    // A stream's first content delta, as SSE.
    const sse = `data: {"choices":[{"delta":{"content":"${correlationEcho(key, 'openai', 1)} Hello!"}}]}\n\ndata: [DONE]\n\n`;
    expect(echoedProvider(sse, key)).toBe('openai');
    // Another request's echo (a mixed-up answer) or none at all names nobody.
    expect(echoedProvider(json, correlationKey(12, 346, 'fault_json'))).toBeUndefined();
    expect(echoedProvider('{"choices":[]}', key)).toBeUndefined();
  });

  it('makes keys the fake accepts from any scenario name, unique per VU and iteration', () => {
    const key = correlationKey(3, 9, 'fault stream/π');
    expect(() => correlationTag(key)).not.toThrow();
    expect(key).not.toBe(correlationKey(3, 10, 'fault stream/π'));
    expect(key).not.toBe(correlationKey(4, 9, 'fault stream/π'));
  });

  it('takes headers as strings or JSON objects, and fills the fault server placeholders', () => {
    const raw = JSON.stringify({
      'x-portkey-config': { custom_host: '{upstream}/openai/v1' },
      'X-Team': 'a',
    });
    const filled = loadTargetHeaders(
      { BROWNOUT_TARGET_HEADERS: raw },
      { upstream: 'http://127.0.0.1:9797', hf_base_url: 'http://127.0.0.1:9797/hf/v1' },
    );
    expect(filled).toEqual({
      'x-portkey-config': '{"custom_host":"http://127.0.0.1:9797/openai/v1"}',
      'X-Team': 'a',
    });
    // What k6 reads back from its environment is the same.
    expect(readTargetHeaders(JSON.stringify(filled))).toEqual(filled);
    expect(readTargetHeaders(undefined)).toEqual({});
    expect(() => readTargetHeaders('[1]')).toThrow(/must be a JSON object/);
    expect(hasHeader({ Authorization: 'Bearer x' }, 'authorization')).toBe(true);
    // JSON braces are left as they are; an unknown placeholder is a typo, refused naming the header.
    expect(() =>
      loadTargetHeaders(
        { BROWNOUT_TARGET_HEADERS: '{"x-cfg": "{\\"a\\":\\"{other}\\"}"}' },
        { upstream: 'U' },
      ),
    ).toThrow(/header "x-cfg": its value uses \{other\}/);
    expect(() => loadTargetHeaders({ BROWNOUT_TARGET_HEADERS: '{"bad name": "x"}' }, {})).toThrow(
      /"bad name" is not a valid header name/,
    );
  });
});
