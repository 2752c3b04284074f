import { createHash } from 'node:crypto';
import { html, jsonForScript, type SafeHtml, scriptText, trusted } from './escape.ts';
import { STYLES } from './styles.ts';
import { UPLOT_CSS } from './vendor/uplot.ts';

export interface DocumentParts {
  title: string;
  body: SafeHtml;
  /** Embedded as JSON in `<script type="application/json" id="report-data">`. */
  data?: unknown;
  /** Brownout's own page script (never data). */
  script?: string;
  /** Brownout's own extra styles for this page (never data). */
  styles?: string;
}

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * A self-contained HTML document: styles, data and script inline. Its Content-Security-Policy
 * allows no network at all and only the one inline script (by hash), so a payload that slipped
 * past escaping could still neither run nor load anything.
 */
export function htmlDocument(parts: DocumentParts): string {
  const script = parts.script === undefined ? undefined : scriptText(parts.script);
  const csp = [
    "default-src 'none'",
    `script-src ${script ? hash(script.value) : "'none'"}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `${html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${parts.title}</title>
<style>${trusted(UPLOT_CSS)}${trusted(STYLES)}${trusted(parts.styles ?? '')}</style>
</head>
<body>
${parts.body}
${parts.data === undefined ? '' : html`<script type="application/json" id="report-data">${trusted(jsonForScript(parts.data))}</script>`}
${script ? html`<script>${script}</script>` : ''}
</body>
</html>`}\n`;
}
