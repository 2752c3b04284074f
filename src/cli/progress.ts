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

export function createProgress(out: NodeJS.WriteStream): Progress {
  const live = out.isTTY === true && !process.env.CI;
  let current = '';
  let lastUpdate = 0;
  const clear = () => {
    if (live && current) out.write('\r\x1b[2K');
  };
  return {
    line(text) {
      clear();
      out.write(`${text}\n`);
      if (live && current) out.write(current);
    },
    start(text) {
      current = text;
      if (live) out.write(`\r\x1b[2K${text}`);
      else out.write(`${text}\n`);
    },
    update(text) {
      if (!live) return;
      const now = Date.now();
      if (now - lastUpdate < 100) return;
      lastUpdate = now;
      out.write(`\r\x1b[2K${current} ${text}`);
    },
    end(text) {
      clear();
      current = '';
      out.write(`${text}\n`);
    },
  };
}
