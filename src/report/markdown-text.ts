/**
 * Escaping for GitHub-flavoured Markdown. Untrusted text (titles, check messages, error samples)
 * must neither format nor inject HTML: GitHub renders raw HTML in Markdown, so `<`, `>` and `&`
 * become entities, and Markdown punctuation is backslash-escaped.
 */

/** One line of untrusted text, safe in a paragraph, a list item or a table cell. */
export function mdText(text: string, maxLength = 400): string {
  return truncate(oneLine(text), maxLength)
    .replace(/[\\`*_[\]~|#]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * Untrusted text as inline code. In a table cell `|` is escaped too (GFM splits cells on it even
 * inside code spans, and renders `\|` there as `|`).
 */
export function mdCode(text: string, options: { inTable?: boolean; maxLength?: number } = {}): string {
  let body = truncate(oneLine(text), options.maxLength ?? 400);
  if (options.inTable) body = body.replace(/\|/g, '\\|');
  const fence = '`'.repeat(longestRun(body, '`') + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || body === '' ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** Untrusted text as a fenced code block (for commands to copy). */
export function mdBlock(text: string, lang = ''): string {
  const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return `${fence}${lang}\n${text.replace(/\r\n?/g, '\n')}\n${fence}`;
}

/** A GFM table; every cell must already be escaped. */
export function mdTable(header: string[], rows: string[][], align: Array<'l' | 'r'> = []): string {
  const rule = header.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  return [header, rule, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}
