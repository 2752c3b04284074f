import { createRedactor, type Redactor } from '../report/redact.ts';

/**
 * Progress for `brownout run`: a live, rewritten line on a terminal; plain lines in CI
 * (CI=true, or output not a TTY), where rewritten lines would turn into noise in the log.
 */
export interface Progress {
  line(text: string): void;
  start(text: string): void;
  update(text: string): void;
  end(text: string): void;
}

/**
 * Every line goes through the reports' redaction: a replay command quotes `--target`, and a URL
 * may carry credentials (`http://user:key@host`).
 */
export function createProgress(
  out: Pick<NodeJS.WriteStream, 'write' | 'isTTY'>,
  redact: Redactor = createRedactor(),
): Progress {
  const live = out.isTTY === true && !process.env.CI;
  let current = '';
  let lastUpdate = 0;
  const clear = () => {
    if (live && current) out.write('\r\x1b[2K');
  };
  return {
    line(raw) {
      const text = redact(raw);
      clear();
      out.write(`${text}\n`);
      if (live && current) out.write(current);
    },
    start(raw) {
      const text = redact(raw);
      current = text;
      if (live) out.write(`\r\x1b[2K${text}`);
      else out.write(`${text}\n`);
    },
    update(raw) {
      if (!live) return;
      const text = redact(raw);
      const now = Date.now();
      if (now - lastUpdate < 100) return;
      lastUpdate = now;
      out.write(`\r\x1b[2K${current} ${text}`);
    },
    end(raw) {
      const text = redact(raw);
      clear();
      current = '';
      out.write(`${text}\n`);
    },
  };
}
