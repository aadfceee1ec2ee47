// The incremental secret gate: what it found clean before it does not scan again, and what it
// finds anywhere in a large JSON file is reported at the file's own line and column.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CacheStore } from '../../src/cache/store.ts';
import { gateOutput } from '../../src/site/gate.ts';
import { tempDir } from '../helpers/temp.ts';
import { SECRETS } from '../secrets/corpus.ts';

/** A pretty-printed livewiki.json-like file: one array element per page. */
function pagesJson(count: number, leakAt: number | null): string {
  const pages = Array.from({ length: count }, (_, i) => ({ id: `p${i}`, title: `Page ${i}`, description: i === leakAt ? `deploy with ${SECRETS.github}` : `About page ${i}` }));
  return `${JSON.stringify({ schemaVersion: 1, pages }, null, 2)}\n`;
}

function site(json: string): string {
  const dir = tempDir('livewiki-gate-site-');
  mkdirSync(join(dir, 'docs'));
  writeFileSync(join(dir, 'docs', 'index.html'), '<!doctype html><p>Nothing to see.</p>\n');
  writeFileSync(join(dir, 'livewiki.json'), json);
  return dir;
}

describe('the incremental secret gate', () => {
  it('does not scan again what an earlier build found clean, and scans what changed', async () => {
    const cache = new CacheStore(tempDir('livewiki-gate-cache-'), 'test');
    const first = await gateOutput(site(pagesJson(200, null)), new Set(), cache);
    expect(first.findings).toEqual([]);
    expect(first.known).toBe(0);
    expect(first.scanned).toBe(202); // the HTML file, the JSON head and 200 pages

    const changed = pagesJson(200, null).replace('About page 150', 'About page 150, edited');
    const second = await gateOutput(site(changed), new Set(), cache);
    expect(second.findings).toEqual([]);
    expect(second.scanned).toBe(1);
    expect(second.known).toBe(201);
  });

  it('reports a secret deep in a large JSON file at its own line, even when the rest is known clean', async () => {
    const cache = new CacheStore(tempDir('livewiki-gate-cache-'), 'test');
    await gateOutput(site(pagesJson(500, null)), new Set(), cache);
    const leaky = pagesJson(500, 420);
    const { findings } = await gateOutput(site(leaky), new Set(), cache);
    expect(findings).toHaveLength(1);
    const lines = leaky.split('\n');
    const line = lines.findIndex((l) => l.includes(SECRETS.github)) + 1;
    expect(findings[0]).toMatchObject({ file: 'livewiki.json', rule: 'github-token', line, column: lines[line - 1]!.indexOf(SECRETS.github) + 1 });
    // Not remembered as clean: the next build stops it again.
    expect((await gateOutput(site(leaky), new Set(), cache)).findings).toHaveLength(1);
  });

  it('finds a secret past the first 64 MiB of a JSON file (where a whole-file scan stops reading)', async () => {
    const filler = 'lorem ipsum dolor sit amet '.repeat(1400);
    const pages = Array.from({ length: 2000 }, (_, i) => ({ id: `p${i}`, description: i === 1990 ? `deploy with ${SECRETS.github}` : filler }));
    const json = `${JSON.stringify({ schemaVersion: 1, pages }, null, 2)}\n`;
    expect(json.length).toBeGreaterThan(68 * 1024 * 1024);
    const { findings } = await gateOutput(site(json), new Set(), null);
    expect(findings.map((f) => [f.file, f.line])).toEqual([['livewiki.json', json.split('\n').findIndex((l) => l.includes(SECRETS.github)) + 1]]);
  });

  it('finds a secret in a gzip-compressed search fragment and in HTML without any cache', async () => {
    const dir = site(pagesJson(3, null));
    writeFileSync(join(dir, 'docs', 'index.html'), `<p>x</p>\n<p>${SECRETS.github}</p>\n`);
    mkdirSync(join(dir, 'pagefind', 'fragment'), { recursive: true });
    writeFileSync(join(dir, 'pagefind', 'fragment', 'en_1.pf_fragment'), gzipSync(`{"content":"token ${SECRETS.github}"}`));
    const { findings } = await gateOutput(dir, new Set(), null);
    expect(findings.map((f) => [f.file, f.line])).toEqual([
      ['docs/index.html', 2],
      ['pagefind/fragment/en_1.pf_fragment', 1],
    ]);
  });
});
