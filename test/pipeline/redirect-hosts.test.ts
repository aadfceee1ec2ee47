// Server-side redirect rules from the URL ledger (issue 15.4): each host's file is parsed and
// every rule checked against the ledger of a scripted rename and removal (the oracle is the
// ledger the pipeline carries: each redirect that keeps its anchors is one 301, each tombstone a
// 410 where the host has one, and nothing else); a redirect whose anchors go to different pages
// is left to its HTML page. A real build writes the files chosen in config, and only those.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type ResolvedConfig } from '../../src/config/load.ts';
import { carryLedger, LEDGER_FILE, serializeLedger, type LedgerResult } from '../../src/ledger/index.ts';
import { hostRedirectFiles, REDIRECT_HOSTS, redirectRules } from '../../src/ledger/hosts.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import type { Page } from '../../src/model/page.ts';
import { pageRecords } from '../../src/output/records.ts';
import { build, wikiModel } from '../../src/pipeline/run.ts';
import { createTemplateEnv } from '../../src/render/handlebars.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';

const spec = (tags: Record<string, string>) => `openapi: 3.0.3
info: { title: Shop, version: '1' }
paths:
  /pets:
    get: { operationId: listPets, tags: [${tags.list}], responses: { '200': { description: ok } } }
    post: { operationId: addPet, tags: [${tags.add}], responses: { '201': { description: ok } } }
  /admin:
    get: { operationId: admin, tags: [admin], responses: { '200': { description: ok } } }
  /store:
    get: { operationId: store, tags: [store], responses: { '200': { description: ok } } }
`;

/** v1: three documents and an API; v2: one renamed, one removed, the `pets` tag split between two others. */
function scriptedRenameAndRemoval(): { repo: TestRepo; v1: string; v2: string } {
  const repo = TestRepo.init();
  removeAfterFile(repo.root);
  repo.write('docs/runbook.md', '# Runbook\n\n## Restart\n\nRestart it.\n\n## Escalate\n\nPage someone.\n');
  repo.write('docs/legacy.md', '# Legacy\n\n## Old way\n\nNo.\n');
  repo.write('docs/keep.md', '# Keep\n\nStays.\n');
  repo.write('api/shop.yaml', spec({ list: 'pets', add: 'pets' }));
  const v1 = repo.commit('v1');
  repo.move('docs/runbook.md', 'docs/operations.md');
  repo.remove('docs/legacy.md');
  repo.write('api/shop.yaml', spec({ list: 'admin', add: 'store' }));
  const v2 = repo.commit({ message: 'Rename the runbook, drop legacy, regroup the API', author: 'Bob Builder <bob@example.com>' });
  return { repo, v1, v2 };
}

async function configOf(repo: TestRepo, extra: Partial<ResolvedConfig> = {}): Promise<ResolvedConfig> {
  const config = await loadConfig({ cwd: repo.root, cache: false });
  return { ...config, ...extra, repos: config.repos.map((r) => ({ ...r, name: 'svc' })) };
}

async function recordsAt(repo: TestRepo, sha: string): Promise<{ pages: Page[]; histories: Awaited<ReturnType<typeof wikiModel>> }> {
  const config = await configOf(repo);
  const diagnostics = new Diagnostics();
  const model = await wikiModel({ ...config, repos: config.repos.map((r) => ({ ...r, at: sha })) }, { diagnostics, store: null, templates: createTemplateEnv() });
  return { pages: pageRecords(model!.tree, model!.provenance, { showEmails: false }, diagnostics), histories: model };
}

/** `_redirects` lines (comments aside) as [from, to, status]. */
const redirectsLines = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => l.trim().split(/\s+/));

/** An nginx `map $uri $name { … }` block's entries. */
function nginxMap(text: string, name: string): [string, string][] {
  const block = new RegExp(`map \\$uri \\$${name} \\{([^}]*)\\}`).exec(text)?.[1];
  if (block === undefined) throw new Error(`no map ${name}`);
  return block
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('default'))
    .map((l) => {
      expect(l.endsWith(';')).toBe(true);
      const [from, to] = l.slice(0, -1).split(/\s+/);
      return [from!, to!];
    });
}

describe('redirect rules for static hosts', () => {
  const { repo, v1, v2 } = scriptedRenameAndRemoval();
  let carried: LedgerResult;

  it('come from the carried ledger: every rule checked in every format', async () => {
    const before = await recordsAt(repo, v1);
    const after = await recordsAt(repo, v2);
    const first = carryLedger(null, before.pages, before.histories!.histories);
    carried = carryLedger(first.ledger, after.pages, after.histories!.histories);

    // The oracle: what the ledger says about each URL of v1.
    const redirected = new Map(carried.redirects.map((r) => [r.entry.route, r]));
    expect(redirected.get('/svc/docs/runbook/')?.entry.to).toBe('/svc/docs/operations/');
    expect(carried.tombstones.map((t) => t.route)).toEqual(['/svc/docs/legacy/']);
    // The `pets` tag page is gone; its two operations went to two different pages.
    const pets = [...redirected.keys()].find((r) => r.includes('/tags/pets/'))!;
    expect(pets).toBeDefined();
    const petsMoves = Object.values(redirected.get(pets)!.moves).map((t) => t.split('#')[0]);
    expect(new Set(petsMoves).size).toBe(2);

    const { rules, pageOnly } = redirectRules(carried);
    expect(pageOnly).toEqual([pets]);
    const moved: [string, string][] = carried.redirects.filter((r) => r.entry.route !== pets).map((r) => [r.entry.route, r.entry.to!]);
    moved.sort(([a], [b]) => (a < b ? -1 : 1));
    const gone: [string, string][] = carried.tombstones.map((t) => [t.route, `${t.route}index.html`]);
    expect(moved.length).toBeGreaterThan(0);
    expect(rules.map((r) => r.from)).toEqual([...rules.map((r) => r.from)].sort());

    const files = Object.fromEntries(hostRedirectFiles(carried, ['netlify', 'vercel', 'nginx', 's3']).files.map((f) => [f.outPath, f.content]));
    expect(Object.keys(files)).toEqual(['_redirects', 'vercel.json', 'livewiki-redirects.nginx.conf', 'livewiki-s3-routing-rules.json']);

    // Netlify: a 301 per move, a forced 410 per removal whose body is the tombstone page.
    expect(redirectsLines(files._redirects!)).toEqual(
      [...moved.map(([from, to]) => [from, to, '301']), ...gone.map(([from, to]) => [from, to, '410!'])].sort(([a], [b]) => (a! < b! ? -1 : 1)),
    );
    // Cloudflare Pages has no 410: moves only.
    const cloudflare = hostRedirectFiles(carried, ['cloudflare']).files;
    expect(cloudflare.map((f) => f.outPath)).toEqual(['_redirects']);
    expect(redirectsLines(cloudflare[0]!.content)).toEqual(moved.map(([from, to]) => [from, to, '301']));
    // Vercel: 301 redirects.
    expect(JSON.parse(files['vercel.json']!)).toEqual({ redirects: moved.map(([source, destination]) => ({ source, destination, statusCode: 301 })) });
    // nginx: one map for moves, one for removals (the tombstone file to serve with the 410).
    expect(nginxMap(files['livewiki-redirects.nginx.conf']!, 'livewiki_moved')).toEqual(moved);
    expect(nginxMap(files['livewiki-redirects.nginx.conf']!, 'livewiki_gone')).toEqual(gone);
    // S3: keys without the leading slash, 301 only.
    expect(JSON.parse(files['livewiki-s3-routing-rules.json']!)).toEqual(moved.map(([from, to]) => ({ Condition: { KeyPrefixEquals: from.slice(1) }, Redirect: { ReplaceKeyWith: to.slice(1), HttpRedirectCode: '301' } })));
    // The page-only redirect is in no file.
    for (const content of Object.values(files)) expect(content).not.toContain(pets);

    // Deterministic: the same ledger, the same bytes, whatever order it lists its entries in.
    const reversed = { ...carried, redirects: [...carried.redirects].reverse(), tombstones: [...carried.tombstones].reverse() };
    expect(hostRedirectFiles(reversed, [...REDIRECT_HOSTS].filter((h) => h !== 'cloudflare')).files).toEqual(hostRedirectFiles(carried, ['netlify', 'vercel', 'nginx', 's3']).files);
  });

  it('honour a base path', () => {
    const { rules } = redirectRules(carried, '/team/wiki/');
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) {
      expect(r.from.startsWith('/team/wiki/svc/')).toBe(true);
      expect(r.to.startsWith('/team/wiki/svc/')).toBe(true);
    }
  });

  it('are written by a build for the hosts chosen in config, and only those', { timeout: 180_000 }, async () => {
    const { repo: r2, v1: first } = scriptedRenameAndRemoval();
    const cache = tempDir();
    // The ledger of the build of v1, as a build keeps it in the cache.
    const before = await recordsAt(r2, first);
    writeFileSync(join(cache, LEDGER_FILE), serializeLedger(carryLedger(null, before.pages, before.histories!.histories).ledger));
    const out = join(tempDir(), 'site');
    const config = await configOf(r2, { outDir: out, cacheDir: cache, redirects: ['netlify', 'nginx'] });
    const result = await build(config, { builtAt: '2026-01-01T00:00:00.000Z' });
    expect(result.published).toBe(true);
    const netlify = redirectsLines(readFileSync(join(out, '_redirects'), 'utf8'));
    expect(netlify).toContainEqual(['/svc/docs/runbook/', '/svc/docs/operations/', '301']);
    expect(netlify).toContainEqual(['/svc/docs/legacy/', '/svc/docs/legacy/index.html', '410!']);
    // The tombstone the 410 serves as its body is there.
    expect(readFileSync(join(out, 'svc/docs/legacy/index.html'), 'utf8')).toContain('Legacy');
    expect(nginxMap(readFileSync(join(out, 'livewiki-redirects.nginx.conf'), 'utf8'), 'livewiki_gone')).toEqual([['/svc/docs/legacy/', '/svc/docs/legacy/index.html']]);
    expect(existsSync(join(out, 'vercel.json'))).toBe(false);
    expect(existsSync(join(out, 'livewiki-s3-routing-rules.json'))).toBe(false);
  });
});

describe('the redirects config key', () => {
  it('is a content key (a config inside the repository may set it); netlify and cloudflare exclude each other', async () => {
    const repo = TestRepo.init();
    removeAfterFile(repo.root);
    repo.write('README.md', '# R\n').commit('init');
    writeFileSync(join(repo.root, 'livewiki.config.json'), JSON.stringify({ redirects: ['vercel', 's3', 'vercel'] }));
    expect((await loadConfig({ cwd: repo.root, cache: false })).redirects).toEqual(['vercel', 's3']);
    writeFileSync(join(repo.root, 'livewiki.config.json'), JSON.stringify({ redirects: ['netlify', 'cloudflare'] }));
    await expect(loadConfig({ cwd: repo.root, cache: false })).rejects.toThrow(ConfigError);
    await expect(loadConfig({ cwd: repo.root, cache: false })).rejects.toThrow(/netlify and cloudflare both write _redirects/);
    writeFileSync(join(repo.root, 'livewiki.config.json'), JSON.stringify({ redirects: ['apache'] }));
    await expect(loadConfig({ cwd: repo.root, cache: false })).rejects.toThrow(/redirects\[0\]: expected one of "netlify", "cloudflare", "vercel", "nginx", "s3"/);
  });
});
