import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.ts';
import { createRedactor } from '../../src/report/redact.ts';

function captured() {
  let text = '';
  return {
    out: {
      isTTY: false,
      write: (chunk: string) => {
        text += chunk;
        return true;
      },
    } as never,
    text: () => text,
  };
}

describe('what brownout prints is redacted as the reports are', () => {
  it('a replay line quoting --target with credentials in the URL', () => {
    const { out, text } = captured();
    const progress = createProgress(out, createRedactor([]));
    progress.line(
      "       replay: npx brownout run scenarios/x.ts --seed 1 --target 'http://user:sk-proj-ABCDEF123456@gw.example:8080/v1' --fault-server-port 8787",
    );
    progress.start('[1/1] x (server) against http://admin:hunter2hunter2@gw.example');
    progress.end('FAIL x');
    expect(text()).not.toContain('sk-proj-ABCDEF123456');
    expect(text()).not.toContain('hunter2hunter2');
    expect(text()).toContain('http://[redacted]@gw.example:8080/v1');
  });

  it('a URL without credentials is left alone', () => {
    expect(createRedactor([])('http://127.0.0.1:8080/v1 and https://a.test/x@y')).toBe(
      'http://127.0.0.1:8080/v1 and https://a.test/x@y',
    );
  });
});
