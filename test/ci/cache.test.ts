// Incremental builds: a history index extended from the cache is the index a full walk gives;
// whatever the cache holds (stale, corrupt, foreign) never changes an answer.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CacheStore, defaultCacheDir } from '../../src/cache/index.ts';
import { cachedHistoryIndex } from '../../src/history/cached.ts';
import { openRepo, type GitRepo } from '../../src/git/repo.ts';
import { buildHistoryIndex, type HistoryIndex } from '../../src/history/log.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { readTree, treeDiff } from '../site/tree.ts';
import { cleanupTemps, cli, tempDir, widgetsRepo } from './helpers.ts';

afterAll(cleanupTemps);

const LINKS = { kind: 'github' as const, web: 'https://github.com/acme/widgets', commit: 'https://github.com/acme/widgets/commit/{sha}', pull: 'https://github.com/acme/widgets/pull/{number}', issue: null, ticket: null, file: null, history: null };

function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

/** Everything a build reads from an index, as plain data. */
function view(index: HistoryIndex) {
  return {
    head: index.head,
    commits: [...index.commits.values()].map((c) => JSON.parse(JSON.stringify(c)) as unknown),
    order: [...index.order.entries()],
    paths: index.paths().map((p) => ({ p, changes: index.changesOf(p).map((c) => c.sha), last: index.lastChange(p)?.sha ?? null, former: index.formerPaths(p) })),
  };
}

async function open(repo: TestRepo): Promise<GitRepo> {
  return must(await openRepo(repo.root));
}

const options = { links: LINKS, ticketPrefixes: ['OPS'], repoId: 'widgets' };

async function both(repo: TestRepo, store: CacheStore) {
  const git = await open(repo);
  const cached = await cachedHistoryIndex(git, 'widgets', { ...options, diagnostics: new Diagnostics() }, store);
  const full = must(await buildHistoryIndex(git, { ...options, diagnostics: new Diagnostics() }));
  return { cached, index: must(cached.index), full };
}

function scriptedRepo(): TestRepo {
  const repo = TestRepo.init();
  repo.write('README.md', '# Widgets\n').write('docs/a.md', 'a\n').write('.mailmap', 'Ada <ada@example.com> <ada@old.example>\n');
  repo.commit({ message: 'Initial import (#1)', author: 'Ada <ada@old.example>' });
  repo.write('docs/a.md', 'a2\n').commit({ message: 'Edit a\n\nFixes OPS-7\n\nCo-authored-by: Bob <bob@example.com>' });
  return repo;
}

describe('history index cache', () => {
  it('reuses the index when the head did not move, without walking history', async () => {
    const repo = scriptedRepo();
    const store = new CacheStore(tempDir(), 'salt');
    const first = await both(repo, store);
    expect(first.cached.mode).toBe('full');
    const again = await both(repo, store);
    expect(again.cached.mode).toBe('reused');
    expect(view(again.index)).toEqual(view(again.full));
    repo.cleanup();
  });

  it('walks only new commits (linear and merged) and gives exactly the full walk', async () => {
    const repo = scriptedRepo();
    const store = new CacheStore(tempDir(), 'salt');
    await both(repo, store);
    repo.write('docs/b.md', 'b\n').commit('Add b (#2)');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('docs/a.md', 'a3\n').commit({ message: 'Rework a', author: 'Bob <bob@example.com>' });
    repo.git('checkout', '-q', 'main');
    repo.write('README.md', '# Widgets!\n').commit('Shout');
    repo.merge('feature', { message: 'Merge pull request #3 from acme/feature' });
    repo.remove('docs/b.md').commit('Drop b');
    const r = await both(repo, store);
    expect(r.cached.mode).toBe('extended');
    expect(r.cached.walked).toBe(4);
    expect(view(r.index)).toEqual(view(r.full));
    expect(r.index.lastChange('docs/a.md')?.subject).toBe('Merge pull request #3 from acme/feature');
    expect(r.index.commits.get(repo.git('rev-list', '--max-parents=0', 'HEAD').trim())?.author.name).toBe('Ada');
    repo.cleanup();
  });

  it('walks everything again when a file was renamed, .mailmap changed or history was rewritten', async () => {
    const repo = scriptedRepo();
    const dir = tempDir();
    const store = new CacheStore(dir, 'salt');
    await both(repo, store);
    repo.move('docs/a.md', 'docs/renamed.md').commit('Rename a');
    const renamed = await both(repo, store);
    expect(renamed.cached.mode).toBe('full');
    expect(view(renamed.index)).toEqual(view(renamed.full));
    expect(renamed.index.changesOf('docs/renamed.md')).toHaveLength(3);

    repo.write('.mailmap', 'Ada Lovelace <ada@example.com> <ada@old.example>\n').commit('Full name');
    const mailmap = await both(repo, store);
    expect(mailmap.cached.mode).toBe('full');
    expect(view(mailmap.index)).toEqual(view(mailmap.full));

    repo.git('reset', '-q', '--hard', 'HEAD~1');
    repo.write('docs/c.md', 'c\n').commit('Another future');
    const diagnostics = new Diagnostics();
    const git = await open(repo);
    const rewritten = await cachedHistoryIndex(git, 'widgets', { ...options, diagnostics }, new CacheStore(dir, 'salt', diagnostics));
    expect(rewritten.mode).toBe('full');
    expect(diagnostics.items.map((d) => d.code)).toContain('I_CACHE_REBUILT');
    expect(view(must(rewritten.index))).toEqual(view(must(await buildHistoryIndex(git, { ...options, diagnostics: new Diagnostics() }))));
    repo.cleanup();
  });

  it('extends an index whose walk had to degrade rename detection (missing old blobs), like a full walk', async () => {
    const repo = TestRepo.init();
    const text = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
    repo.write('big.txt', `${text}\n`).write('other.md', 'x\n').commit('add big');
    const oldBlob = repo.git('rev-parse', 'HEAD:big.txt').trim();
    repo.remove('big.txt').write('moved.txt', `${text}\nchanged\n`).commit('move and edit big');
    repo.write('other.md', 'y\n').commit('edit other');
    repo.remove(join('.git', 'objects', oldBlob.slice(0, 2), oldBlob.slice(2)));
    const dir = tempDir();
    const first = await both(repo, new CacheStore(dir, 'salt'));
    expect(first.index.renameDetection).toBe('exact');
    repo.write('other.md', 'z\n').commit('edit other again');
    const diagnostics = new Diagnostics();
    const git = await open(repo);
    const next = await cachedHistoryIndex(git, 'widgets', { ...options, diagnostics }, new CacheStore(dir, 'salt'));
    expect(next.mode).toBe('extended');
    const fullDiagnostics = new Diagnostics();
    const full = must(await buildHistoryIndex(git, { ...options, diagnostics: fullDiagnostics }));
    expect(view(must(next.index))).toEqual(view(full));
    expect([must(next.index).renameDetection, must(next.index).renameDetectionDowngradedAt]).toEqual([full.renameDetection, full.renameDetectionDowngradedAt]);
    // The walk's warning is reported again, as the full walk reports it.
    expect(diagnostics.items.map((d) => [d.code, d.message])).toEqual(fullDiagnostics.items.map((d) => [d.code, d.message]));
    repo.cleanup();
  });

  it('detects a corrupted cache file, reports I_CACHE_REBUILT and rebuilds it', async () => {
    const repo = scriptedRepo();
    const dir = tempDir();
    const store = new CacheStore(dir, 'salt');
    await both(repo, store);
    const file = store.pathOf('history', ['widgets']);
    const text = readFileSync(file, 'utf8');
    // Flip one character of the payload: still JSON, but the checksum no longer matches.
    writeFileSync(file, text.replace('Initial import', 'Initial impart'));
    const diagnostics = new Diagnostics();
    const next = new CacheStore(dir, 'salt', diagnostics);
    const r = await cachedHistoryIndex(await open(repo), 'widgets', { ...options, diagnostics }, next);
    expect(r.mode).toBe('full');
    expect(diagnostics.items.find((d) => d.code === 'I_CACHE_REBUILT')?.message).toContain('checksum mismatch');
    expect(next.stats().rebuilt).toBe(1);
    expect([...must(r.index).commits.values()].map((c) => c.subject)).toContain('Initial import (#1)');
    // Rewritten: the next run trusts it again.
    const third = new CacheStore(dir, 'salt');
    expect((await cachedHistoryIndex(await open(repo), 'widgets', { ...options, diagnostics: new Diagnostics() }, third)).mode).toBe('reused');
    writeFileSync(file, '{"format":1,"key":"x"'); // torn write
    const fourth = new CacheStore(dir, 'salt', new Diagnostics());
    expect((await cachedHistoryIndex(await open(repo), 'widgets', { ...options, diagnostics: new Diagnostics() }, fourth)).mode).toBe('full');
    expect(fourth.stats().rebuilt).toBe(1);
    repo.cleanup();
  });
});

describe('incremental builds end to end', () => {
  it('rebuilds after a merge touching a doc, an API operation and a config key from the cache, byte for byte like a build without cache', () => {
    const repo = widgetsRepo();
    const api = (summary: string) => `openapi: 3.1.0\ninfo:\n  title: Widgets API\n  version: '1'\npaths:\n  /widgets:\n    get:\n      operationId: listWidgets\n      summary: ${summary}\n      responses:\n        '200':\n          description: OK\n`;
    repo.write('api/openapi.yaml', api('List widgets')).write('compose.yaml', 'services:\n  web:\n    image: nginx:1.27\n').write('config/app.toml', '[server]\nport = 8080\n');
    repo.commit({ message: 'API and config', author: 'Ada Lovelace <ada@example.com>' });
    const outA = join(tempDir(), 'out');
    const outB = join(tempDir(), 'out');
    const first = cli(['build', '--out', outA, '--json', '--quiet'], repo.root);
    expect(first.code).toBe(0);
    repo.write('docs/guide.md', '# Guide\n\nIntro.\n\n## Setup\n\nRun it twice.\n\n## Usage\n\nUse it.\n');
    repo.write('api/openapi.yaml', api('List all widgets')).write('compose.yaml', 'services:\n  web:\n    image: nginx:1.28\n');
    repo.commit({ message: 'Clarify setup (#12)', author: 'Grace Hopper <grace@example.com>' });
    const second = cli(['build', '--out', outA, '--json', '--quiet'], repo.root);
    expect(second.code).toBe(0);
    const summary = JSON.parse(second.stdout) as { cache: { byKind: Record<string, { hits: number; misses: number }> } };
    // README unchanged: its extraction and its blame come from the cache; the guide's do not.
    expect(summary.cache.byKind.markdown).toMatchObject({ hits: 1, misses: 1 });
    expect(summary.cache.byKind.history).toMatchObject({ hits: 1 });
    // Blame (section provenance): only the three files the merge touched are blamed again.
    expect(summary.cache.byKind.blame).toMatchObject({ hits: 2, misses: 3 });
    // The one API description changed; of the configuration files only compose.yaml did.
    expect(summary.cache.byKind.openapi).toMatchObject({ hits: 0, misses: 1 });
    const config = summary.cache.byKind.config!;
    expect(config.misses).toBe(1);
    expect(config.hits).toBeGreaterThanOrEqual(1);
    // The config page of app.toml (and its siblings' navigation) did not change: rendered from the cache.
    expect(summary.cache.byKind.render!.hits).toBeGreaterThan(0);
    expect(summary.cache.byKind.render!.misses).toBeGreaterThan(0);
    expect(cli(['build', '--out', outB, '--no-cache', '--quiet'], repo.root).code).toBe(0);
    // Entries the rebuild did not use (the guide's old text) were pruned: the cache does not grow.
    // The default cache folder: outside the checkout, one per project.
    const entries = (kind: string) => readdirSync(join(defaultCacheDir(repo.root), kind), { recursive: true }).filter((f) => /\.(json|blob)$/.test(String(f)));
    expect(entries('markdown')).toHaveLength(2);
    expect(entries('history')).toHaveLength(1);
    expect(entries('openapi')).toHaveLength(1);
    expect(entries('config')).toHaveLength(config.hits + config.misses);
    const json = (dir: string) => readFileSync(join(dir, 'livewiki.json'), 'utf8');
    expect(json(outA)).toBe(json(outB));
    expect(json(outA)).toContain('Clarify setup (#12)');
    // Every site page too (the search index and the ledger included).
    const site = readTree(outA);
    expect(treeDiff(site, readTree(outB))).toEqual([]);
    expect([...site.entries()].filter(([path, bytes]) => path.endsWith('.html') && bytes.includes('List all widgets')).length).toBeGreaterThan(0);
  });

  it('keeps the site cache across a `livewiki check` run between two builds (check does not prune what it does not use)', () => {
    const repo = widgetsRepo();
    const out = join(tempDir(), 'out');
    expect(cli(['build', '--out', out, '--quiet'], repo.root).code).toBe(0);
    const check = cli(['check', '--json', '--quiet'], repo.root);
    expect(check.code).toBe(0);
    expect((JSON.parse(check.stdout) as { cache: { byKind: Record<string, unknown> } }).cache.byKind['site-page']).toBeUndefined();
    const next = cli(['build', '--out', out, '--json', '--quiet'], repo.root);
    expect(next.code).toBe(0);
    const summary = JSON.parse(next.stdout) as { pages: number; cache: { byKind: Record<string, { hits: number; misses: number }> } };
    expect(summary.cache.byKind['site-page']).toMatchObject({ hits: summary.pages, misses: 0 });
    expect(summary.cache.byKind['site-search']!.misses).toBe(0);
  });
});
