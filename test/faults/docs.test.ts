// docs/faults.md documents the catalog and the backend matrix; the matrix copy must not drift.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { renderMatrixMarkdown } from '../../src/faults/matrix.ts';
import { FAULT_KINDS } from '../../src/faults/model.ts';

const docs = readFileSync(new URL('../../docs/faults.md', import.meta.url), 'utf8');

it('docs/faults.md holds the current backend matrix', () => {
  const matrix = /<!-- matrix:start -->\n([\s\S]*?)<!-- matrix:end -->/.exec(docs)?.[1];
  expect(matrix).toBe(renderMatrixMarkdown());
});

it('docs/faults.md has a catalog entry for every kind', () => {
  for (const kind of FAULT_KINDS) expect(docs).toContain(`### \`${kind}\``);
});
