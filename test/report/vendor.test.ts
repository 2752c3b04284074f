import { describe, expect, it } from 'vitest';
import { UPLOT_CSS, UPLOT_JS, UPLOT_LICENSE, UPLOT_VERSION } from '../../src/report/html/vendor/uplot.ts';
import { vendoredUplotSource } from './support/vendor-uplot.ts';

describe('vendored uPlot', () => {
  it('is the installed uplot package, unchanged (regenerate: node --import tsx test/report/support/vendor-uplot.ts)', async () => {
    const source = vendoredUplotSource();
    const module = await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);
    expect(UPLOT_VERSION).toBe(module.UPLOT_VERSION);
    expect(UPLOT_JS).toBe(module.UPLOT_JS);
    expect(UPLOT_CSS).toBe(module.UPLOT_CSS);
    expect(UPLOT_LICENSE).toBe(module.UPLOT_LICENSE);
    expect(UPLOT_LICENSE).toMatch(/^The MIT License/);
  });

  it('can be inlined in a script element', () => {
    expect(UPLOT_JS).not.toMatch(/<\/script|<!--/i);
    expect(UPLOT_JS.length).toBeLessThan(60_000);
  });
});
