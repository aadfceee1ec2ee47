// API page URLs keep answering when operations are regrouped (issue 13, DESIGN §4): the pages of a
// group that is gone redirect to where their operations went, anchors included, and the group's
// index page (it lists links, it has no sections) to the API's overview, never to a tombstone.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { Ledger } from '../../src/ledger/ledger.ts';
import { build } from '../../src/pipeline/run.ts';
import { TestRepo } from '../helpers/git-repo.ts';

/** 60 operations on 30 paths: tagged `big` (one group, too many for one page) or split in two tags. */
function spec(tagOf: (i: number) => string): string {
  const lines = ["openapi: 3.1.0", 'info:', '  title: Regrouped', "  version: '1'", 'paths:'];
  for (let i = 0; i < 30; i++) {
    lines.push(`  /things${i}:`);
    for (const method of ['get', 'post']) lines.push(`    ${method}:`, `      tags: [${tagOf(i)}]`, `      summary: ${method} things ${i}`, '      responses:', "        '200':", '          description: ok');
  }
  return `${lines.join('\n')}\n`;
}

let repo: TestRepo;
let outRoot: string;
let out: string;
let first: string[];

beforeAll(async () => {
  repo = TestRepo.init();
  outRoot = mkdtempSync(join(tmpdir(), 'livewiki-api-urls-'));
  out = join(outRoot, 'site');
  repo.write('api/openapi.yaml', spec(() => 'big'));
  repo.commit('One big tag');
  const one = await build(await loadConfig({ cwd: repo.root, out }));
  expect(one.published).toBe(true);
  first = (JSON.parse(readFileSync(join(out, 'livewiki-ledger.json'), 'utf8')) as Ledger).entries.map((e) => e.route);
  repo.write('api/openapi.yaml', spec((i) => (i < 15 ? 'early' : 'late')));
  repo.commit('Split the big tag');
  const two = await build(await loadConfig({ cwd: repo.root, out }));
  expect(two.published).toBe(true);
}, 240_000);

afterAll(() => {
  repo?.cleanup();
  rmSync(outRoot, { recursive: true, force: true });
});

describe('URLs of regrouped API pages', () => {
  it('had split the big group into an index page and a page per path', () => {
    expect(first.some((r) => r.endsWith('/api/openapi.yaml/tags/big/'))).toBe(true);
    expect(first.filter((r) => /\/tags\/big\/things\d+\/$/.test(r))).toHaveLength(30);
  });

  it('redirects every page of the old group: per-path pages to where their operations went, the index to the overview', () => {
    const ledger = JSON.parse(readFileSync(join(out, 'livewiki-ledger.json'), 'utf8')) as Ledger;
    const byRoute = new Map(ledger.entries.map((e) => [e.route, e]));
    for (const route of first) expect(byRoute.get(route)?.state, route).not.toBe('tombstone');
    const index = [...byRoute.values()].find((e) => e.route.endsWith('/api/openapi.yaml/tags/big/'))!;
    expect(index.state).toBe('redirect');
    expect(index.to).toMatch(/\/api\/openapi\.yaml\/$/);
    const path3 = [...byRoute.values()].find((e) => e.route.endsWith('/tags/big/things3/'))!;
    expect(path3).toMatchObject({ state: 'redirect' });
    expect(path3.to).toMatch(/\/tags\/early\/$/);
    const html = readFileSync(join(out, decodeURIComponent(path3.route), 'index.html'), 'utf8');
    // The old anchor of GET /things3 lands on the operation at its new home.
    expect(html).toContain(`&quot;op-get-things3&quot;:&quot;${path3.to}#op-get-things3&quot;`);
  });
});
