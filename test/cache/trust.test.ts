// The build cache is trusted like livewiki's own files, so it must never be something a documented
// repository can write (audit D1, D2, D11, D17): a cache inside a documented repository, tracked by
// git or holding a symbolic link is refused and the build runs without it; the store never follows
// a link, never touches a file outside its folder, and turns any file-system surprise into a miss
// with one warning. Each scenario is the audit's reproduction, in real repositories.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CacheStore, defaultCacheDir } from '../../src/cache/index.ts';
import { loadConfig, type ResolvedConfig } from '../../src/config/load.ts';
import type { Diagnostic } from '../../src/model/diagnostics.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import { build } from '../../src/pipeline/run.ts';
import { sha256 } from '../../src/utils/digest.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';

const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);

/** The forged markup as a browser would run it (the committed files themselves may be documented as text). */
const EXECUTABLE = /<img src=x onerror|href="javascript:/;

function victim(): TestRepo {
  const repo = TestRepo.init();
  removeAfterFile(repo.root);
  repo.write('README.md', '# Victim\n\nHarmless intro.\n').commit('init');
  return repo;
}

/** Every HTML page under `dir`, joined (what a browser would run). */
function allText(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => f.endsWith('.html'))
    .map((f) => {
      try {
        return readFileSync(f, 'utf8');
      } catch {
        return '';
      }
    })
    .join('\n');
}

/** The attacker's forgery (audit D1): a cached Markdown body with a handler, and a tombstone with a script link. */
function forge(cacheDir: string): void {
  const dir = join(cacheDir, 'markdown');
  const file = readdirSync(dir, { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('.json'))!;
  const env = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { payload: string; sha256: string };
  const payload = JSON.parse(env.payload) as { doc: { chunks: { bodyHtml: string }[] } };
  payload.doc.chunks[0]!.bodyHtml = '<p>Harmless intro.</p><img src=x onerror=alert(document.domain)>';
  env.payload = JSON.stringify(payload);
  env.sha256 = sha256(env.payload);
  writeFileSync(join(dir, file), JSON.stringify(env));
  const ledgerFile = join(cacheDir, 'livewiki-ledger.json');
  const ledger = JSON.parse(readFileSync(ledgerFile, 'utf8')) as { entries: unknown[] };
  ledger.entries.push({
    route: '/victim/runbooks/failover/',
    id: 'victim/doc/runbooks/failover.md',
    title: 'Failover runbook',
    repo: 'victim',
    state: 'tombstone',
    anchors: [],
    removed: { commit: '0'.repeat(40), subject: 'Moved - follow the commit link', authors: ['Security Team'], committedAt: '2024-05-01T00:00:00Z', url: 'javascript:alert(document.domain)' },
  });
  writeFileSync(ledgerFile, JSON.stringify(ledger));
}

/** The repository is called `victim`, as in the audit's routes. */
async function configOf(repo: TestRepo, out: string, cache?: string | false): Promise<ResolvedConfig> {
  const config = await loadConfig({ cwd: repo.root, out, ...(cache !== undefined ? { cache } : {}) });
  return { ...config, repos: config.repos.map((r) => ({ ...r, name: 'victim' })) };
}

describe('a cache committed to the documented repository (D1)', () => {
  it('is never used: no stored XSS, no forged tombstone, whether livewiki looks there by default or is told to', async () => {
    // The attacker builds the same content on their machine, forges the entries and commits them.
    const attacker = victim();
    const attackerCache = join(tempDir(), 'cache');
    expect((await build(await configOf(attacker, join(tempDir(), 'out'), attackerCache))).published).toBe(true);
    forge(attackerCache);
    cpSync(attackerCache, join(attacker.root, '.livewiki-cache'), { recursive: true });
    attacker.commit('docs cache');
    expect(attacker.git('ls-files', '.livewiki-cache')).toContain('livewiki-ledger.json');

    // CI: a fresh clone, built the way the generated workflow does (default cache location).
    const ci = new TestRepo(join(tempDir(), 'victim'));
    removeAfterFile(ci.root);
    attacker.git('clone', '-q', attacker.root, ci.root);
    const out = join(tempDir(), 'site');
    const byDefault = await build(await configOf(ci, out));
    expect(byDefault.published).toBe(true);
    expect(allText(out)).not.toMatch(EXECUTABLE);
    expect(existsSync(join(out, 'victim/runbooks/failover/index.html'))).toBe(false);
    expect(readFileSync(join(out, 'victim/index.html'), 'utf8')).toContain('Harmless intro.');

    // Pointed at the committed folder explicitly: refused, and the build runs without a cache.
    const out2 = join(tempDir(), 'site');
    const told = await build(await configOf(ci, out2, join(ci.root, '.livewiki-cache')));
    expect(told.published).toBe(true);
    const refusal = told.diagnostics.find((d) => d.code === 'W_CACHE_UNTRUSTED');
    expect(refusal?.message).toContain('lies inside the documented repository');
    expect(told.cache).toBeNull();
    expect(allText(out2)).not.toMatch(EXECUTABLE);
    expect(existsSync(join(out2, 'victim/runbooks/failover/index.html'))).toBe(false);
  }, 240_000);

  it('refuses a cache folder that git tracks files in, even outside the documented repositories', async () => {
    const repo = victim();
    const other = TestRepo.init();
    removeAfterFile(other.root);
    other.write('cache/history/ab/x.json', '{}').commit('a cache, committed');
    const result = await build(await configOf(repo, join(tempDir(), 'out'), join(other.root, 'cache')));
    expect(result.published).toBe(true);
    expect(result.diagnostics.find((d) => d.code === 'W_CACHE_UNTRUSTED')?.message).toContain('git tracks it');
    expect(result.cache).toBeNull();
  }, 120_000);

  it('keeps the default cache outside the checkout, one folder per project', async () => {
    const repo = victim();
    const config = await loadConfig({ cwd: repo.root, out: join(tempDir(), 'out') });
    expect(config.cacheDir).toBe(defaultCacheDir(repo.root));
    expect(relative(repo.root, config.cacheDir!).startsWith('..')).toBe(true);
    expect(config.cacheDir).toContain(join(process.env.XDG_CACHE_HOME!, 'livewiki'));
    expect(defaultCacheDir(join(repo.root, 'sub'))).not.toBe(config.cacheDir);
  });
});

describe('symbolic links in the cache (D2)', () => {
  /** Files outside the repository that a followed link would let livewiki delete or write. */
  function outside(): { dir: string; files: () => string[] } {
    const dir = tempDir('livewiki-outside-');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'settings.json'), '{"keep":1}');
    writeFileSync(join(dir, 'sub', 'data.json'), '{"keep":2}');
    return { dir, files: () => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort() };
  }

  it('refuses a cache holding links (namespaces, the ledger) and leaves the files they point at alone', async () => {
    const repo = victim();
    const target = outside();
    const before = target.files();
    const cache = join(tempDir(), 'cache');
    mkdirSync(cache);
    symlinkSync(target.dir, join(cache, 'typedoc'));
    symlinkSync(target.dir, join(cache, 'markdown'));
    const result = await build(await configOf(repo, join(tempDir(), 'out'), cache));
    expect(result.published).toBe(true);
    expect(result.diagnostics.find((d) => d.code === 'W_CACHE_UNTRUSTED')?.message).toMatch(/contains a symbolic link \((markdown|typedoc)\)/);
    expect(target.files()).toEqual(before);
    expect(readFileSync(join(target.dir, 'settings.json'), 'utf8')).toBe('{"keep":1}');
  }, 120_000);

  it('refuses a cache folder that is itself a link', async () => {
    const repo = victim();
    const target = outside();
    const link = join(tempDir(), 'cache');
    symlinkSync(target.dir, link);
    const result = await build(await configOf(repo, join(tempDir(), 'out'), link));
    expect(result.diagnostics.find((d) => d.code === 'W_CACHE_UNTRUSTED')?.message).toContain('is a symbolic link');
    expect(target.files()).toEqual(['settings.json', 'sub', 'sub/data.json']);
  }, 120_000);

  it('never reads, writes or prunes through a link found while running (namespace, shard or entry)', () => {
    const target = outside();
    const dir = join(tempDir(), 'cache');
    const diagnostics = new Diagnostics();
    const store = new CacheStore(dir, 'salt', diagnostics);
    store.put('history', ['a'], { ok: 1 });
    // A namespace, a shard and an entry replaced by links after the store opened.
    symlinkSync(target.dir, join(dir, 'markdown'));
    const shard = store.pathOf('blame', ['b']);
    mkdirSync(join(dir, 'blame'));
    symlinkSync(join(target.dir, 'sub'), join(shard, '..'));
    const entry = store.pathOf('history', ['c']);
    mkdirSync(dirname(entry), { recursive: true });
    symlinkSync(join(target.dir, 'settings.json'), entry);

    expect(store.get('markdown', ['x'])).toBeNull();
    store.put('markdown', ['x'], { forged: true });
    store.put('blame', ['b'], { forged: true });
    expect(store.get('history', ['c'])).toBeNull();
    expect(store.get('history', ['a'])).toBeNull(); // the namespace is given up for this run
    expect(store.prune()).toBe(0);
    expect(target.files()).toEqual(['settings.json', 'sub', 'sub/data.json']);
    expect(readFileSync(join(target.dir, 'settings.json'), 'utf8')).toBe('{"keep":1}');
    const warned = diagnostics.items.filter((d) => d.code === 'W_CACHE_UNUSABLE').map((d) => d.message);
    expect(warned).toEqual([
      expect.stringMatching(/^The markdown cache cannot be used \(markdown is a symbolic link\)/),
      expect.stringMatching(/^The blame cache cannot be used \(blame\/[0-9a-f]{2} is a symbolic link\)/),
      expect.stringMatching(/^The history cache cannot be used \(an entry is a symbolic link\)/),
    ]);
  });
});

describe('a cache path that is not a folder (D11)', () => {
  it('builds without that part of the cache, with one warning, when a namespace is a file', async () => {
    const repo = victim();
    const cache = join(tempDir(), 'cache');
    mkdirSync(cache);
    writeFileSync(join(cache, 'history'), 'x\n');
    const out = join(tempDir(), 'out');
    const result = await build(await configOf(repo, out, cache));
    expect(result.published).toBe(true);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(codes(result.diagnostics).filter((c) => c === 'W_CACHE_UNUSABLE')).toEqual(['W_CACHE_UNUSABLE']);
    expect(result.diagnostics.find((d) => d.code === 'W_CACHE_UNUSABLE')?.message).toContain('history is not a folder');
    expect(readFileSync(join(cache, 'history'), 'utf8')).toBe('x\n');
    // The other namespaces were used.
    expect(result.cache!.byKind.markdown!.writes).toBeGreaterThan(0);
  }, 120_000);

  it('is refused when the cache folder itself is a file', async () => {
    const repo = victim();
    const cache = join(tempDir(), 'cache');
    writeFileSync(cache, 'x\n');
    const result = await build(await configOf(repo, join(tempDir(), 'out'), cache));
    expect(result.published).toBe(true);
    expect(result.diagnostics.find((d) => d.code === 'W_CACHE_UNTRUSTED')?.message).toContain('is not a folder');
  }, 120_000);

  it('turns unreadable and unwritable paths into misses, never a crash (store level)', () => {
    const dir = join(tempDir(), 'cache');
    mkdirSync(join(dir, 'history'), { recursive: true });
    const diagnostics = new Diagnostics();
    const store = new CacheStore(dir, 'salt', diagnostics);
    // The shard is a file: reading and writing it must not throw.
    writeFileSync(join(store.pathOf('history', ['k']), '..'), 'not a folder');
    expect(store.get('history', ['k'])).toBeNull();
    expect(() => store.put('history', ['k'], { v: 1 })).not.toThrow();
    expect(() => store.putText('history', ['k'], 'text')).not.toThrow();
    expect(store.getText('history', ['k'])).toBeNull();
    expect(store.prune()).toBe(0);
    expect(diagnostics.items.filter((d) => d.code === 'W_CACHE_UNUSABLE')).toHaveLength(1);
  });
});

describe('the URL ledger in the cache or the output folder (D17)', () => {
  const SECRET = 'root:x:0:0:root:/root:/bin/bash';

  it('refuses a ledger that is a link and never prints what it points at', async () => {
    const repo = victim();
    const secret = join(tempDir(), 'passwd');
    writeFileSync(secret, `${SECRET}\n`);
    const out = join(tempDir(), 'out');
    expect((await build(await configOf(repo, out, join(tempDir(), 'c1')))).published).toBe(true);

    // In the output folder.
    const ledger = join(out, 'livewiki-ledger.json');
    const real = readFileSync(ledger, 'utf8');
    rmSync(ledger);
    symlinkSync(secret, ledger);
    const viaOut = await build(await configOf(repo, out, false));
    expect(viaOut.diagnostics.find((d) => d.code === 'W_LEDGER_UNTRUSTED')?.message).toContain('symbolic link');
    expect(JSON.stringify(viaOut.diagnostics)).not.toContain('root:x');
    expect(real).toContain('"schemaVersion": 1');

    // In the cache folder: the whole cache is refused (it contains a link).
    const cache = join(tempDir(), 'cache');
    mkdirSync(cache);
    symlinkSync(secret, join(cache, 'livewiki-ledger.json'));
    const viaCache = await build(await configOf(repo, join(tempDir(), 'fresh'), cache));
    expect(viaCache.diagnostics.find((d) => d.code === 'W_CACHE_UNTRUSTED')?.message).toContain('livewiki-ledger.json');
    expect(JSON.stringify(viaCache.diagnostics)).not.toContain('root:x');
  }, 240_000);

  it('reports a ledger that is not JSON without quoting it', async () => {
    const repo = victim();
    const out = join(tempDir(), 'out');
    expect((await build(await configOf(repo, out, false))).published).toBe(true);
    writeFileSync(join(out, 'livewiki-ledger.json'), `${SECRET}\n`);
    const result = await build(await configOf(repo, out, false));
    const warning = result.diagnostics.find((d) => d.code === 'W_LEDGER_UNREADABLE');
    expect(warning?.message).toContain('not valid JSON');
    expect(JSON.stringify(result.diagnostics)).not.toContain('root:x');
  }, 240_000);
});
