/**
 * HTML built by construction from escaped parts. `html` is a tagged template: every
 * interpolated value is escaped unless it is itself `SafeHtml` (built by `html`, or marked with
 * `trusted` for code that brownout itself ships, such as the inlined scripts and styles).
 * Interpolate only into element content and quoted attribute values, never into URLs, event
 * handlers or style.
 */

import { BrownoutRangeError } from '../../errors.ts';

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe in HTML content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

type Part = SafeHtml | string | number | boolean | null | undefined | readonly Part[];

function render(value: Part): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** @example html`<td>${check.message}</td>` // the message escaped */
export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i] as Part) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Marks brownout's own markup, script or style as HTML. Never pass data from a report. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/**
 * JSON for a `<script type="application/json">` element: `<`, `>` and `&` are written as
 * `\u003c`, `\u003e`, `\u0026` (inside JSON strings, the only place they can occur), so no
 * payload can close the element or open a comment; JSON.parse reads them back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Inline script text, refusing anything that could end the element early. */
export function scriptText(code: string): SafeHtml {
  if (/<\/script|<!--/i.test(code))
    throw new BrownoutRangeError(
      'BROWNOUT_UNSAFE_INLINE_SCRIPT',
      'inline script contains "</script" or "<!--": it cannot be inlined safely',
    );
  return new SafeHtml(code);
}
