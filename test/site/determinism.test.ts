import { join } from 'node:path';
import { expect, it } from 'vitest';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import { buildSite } from '../../src/site/index.ts';
import { tempDir } from '../helpers/temp.ts';
import { makeBundle } from './fixture.ts';
import { readTree, treeDiff } from './tree.ts';

it('builds the same bundle into two output folders, at the same time, byte for byte identically', async () => {
  const parent = tempDir('livewiki-det-');
  const a = join(parent, 'a');
  const b = join(parent, 'nested', 'b');
  const da = new Diagnostics();
  const db = new Diagnostics();
  // Separate bundles (their assets come from different temp files) with equal content.
  const [ra, rb] = await Promise.all([buildSite(makeBundle(), { outDir: a, diagnostics: da }), buildSite(makeBundle(), { outDir: b, diagnostics: db })]);
  expect([ra.published, rb.published, da.items, db.items]).toEqual([true, true, [], []]);
  const ta = readTree(a);
  const tb = readTree(b);
  expect(ta.size).toBeGreaterThan(20);
  expect([...ta.keys()].some((p) => p.startsWith('pagefind/fragment/'))).toBe(true);
  expect(treeDiff(ta, tb)).toEqual([]);
});
