// The site stage with a build cache: unchanged pages are not built again, search shards whose
// pages did not change are not indexed again, and the published bytes are exactly those of a
// build without the cache.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CacheStore } from '../../src/cache/store.ts';
import { sha256 } from '../../src/utils/digest.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import type { SiteBundle, SitePage } from '../../src/model/site.ts';
import { buildSite, type BuildSiteResult } from '../../src/site/build.ts';
import { planShards, PRIMARY_DIR } from '../../src/site/pagefind.ts';
import { BROWSER_MISSING, launchBrowser, needsBrowser, serveStatic, type StaticServer, type TestBrowser } from '../helpers/browser.ts';
import { tempDir } from '../helpers/temp.ts';
import { SECRETS } from '../secrets/corpus.ts';
import { makeBundle } from './fixture.ts';
import { readTree, treeDiff } from './tree.ts';

const PAGES = 120;
const SHA_A = 'a'.repeat(40);
const SHA_B = 'b'.repeat(40);

/** A word only page `i` contains, so a search for it has exactly one right answer. */
const wordOf = (i: number) => `zebu${String(i).padStart(3, '0')}quill`;
const routeOf = (i: number) => `/demo/notes/n${String(i).padStart(3, '0')}/`;

function note(i: number, body = `<p>Field note ${i} mentions the ${wordOf(i)}.</p>`): SitePage {
  return {
    route: routeOf(i),
    title: `Note ${i}`,
    description: `Note ${i}`,
    repo: 'demo',
    bodyHtml: `<h1 id="top">Note ${i}</h1>\n${body}`,
    toc: [],
    nav: { breadcrumbs: [{ title: 'Home', route: '/' }], sidebar: [{ title: 'Notes', route: '/demo/notes/' }] },
  };
}

/** Enough pages for a sharded search index; `edit` changes one page's body. */
function bundle(sha: string, edit?: { index: number; body: string }): SiteBundle {
  const base = makeBundle();
  const notes = Array.from({ length: PAGES }, (_, i) => (edit?.index === i ? note(i, edit.body) : note(i)));
  const links = notes.map((n) => `<a href="${n.route}">${n.title}</a>`).join(' ');
  const listing: SitePage = { ...note(999, `<p>Notes about the aardwolf.</p>${links}`), route: '/demo/notes/', title: 'Notes', searchGroup: 'lists' };
  return {
    ...base,
    pages: [...base.pages, ...notes, listing],
    footer: { ...base.footer, commits: [{ repo: 'demo', sha, url: null }] },
  };
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('the site stage with a build cache', () => {
  const parent = tempDir('livewiki-incr-site-');
  const cacheDir = join(parent, 'cache');
  const out = join(parent, 'out');
  const fresh = join(parent, 'fresh');
  const edited = { index: 7, body: `<p>Rewritten: the ${wordOf(7)} now talks about the okapi.</p>` };
  let cold: BuildSiteResult;
  let warm: BuildSiteResult;
  let warmCache: CacheStore;
  let server: StaticServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    cold = await buildSite(bundle(SHA_A), { outDir: out, diagnostics: new Diagnostics(), cache: new CacheStore(cacheDir, 'test') });
    warmCache = new CacheStore(cacheDir, 'test');
    warm = await buildSite(bundle(SHA_B, edited), { outDir: out, diagnostics: new Diagnostics(), cache: warmCache });
    await buildSite(bundle(SHA_B, edited), { outDir: fresh, diagnostics: new Diagnostics() });
    server = await serveStatic(out);
    if (!BROWSER_MISSING) browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('builds only the changed page again and takes the others from the cache', () => {
    expect([cold.published, cold.reusedPages]).toEqual([true, 0]);
    expect(warm.published).toBe(true);
    expect(warm.reusedPages).toBe(warm.pages - 1);
    const search = warmCache.stats().byKind['site-search']!;
    // Only the shard holding the edited page is indexed again.
    expect(search.misses).toBe(1);
    expect(search.hits).toBeGreaterThan(2);
  });

  it('publishes exactly the bytes of a build without the cache, new footer included', () => {
    expect(treeDiff(readTree(out), readTree(fresh))).toEqual([]);
    const reused = readFileSync(join(out, 'demo/notes/n050/index.html'), 'utf8');
    expect(reused).toContain(SHA_B.slice(0, 12));
    expect(reused).not.toContain(SHA_A.slice(0, 12));
    expect(readFileSync(join(out, 'demo/notes/n007/index.html'), 'utf8')).toContain('okapi');
  });

  it('finds pages of every search shard, the re-indexed one and the reused ones, in a browser', async (ctx) => {
    needsBrowser(ctx);
    const plan = planShards(bundle(SHA_B).pages.map((p) => ({ route: p.route, ...(p.searchGroup ? { group: p.searchGroup } : {}) })));
    expect(plan.length).toBeGreaterThan(3);
    const wordFor = (route: string) => (route === '/demo/notes/' ? 'aardwolf' : /\/n(\d{3})\/$/.test(route) ? wordOf(Number(route.slice(-4, -1))) : null);
    // One page from the primary shard, one from a merged one, and the edited page.
    const primary = plan.find((s) => s.dir === PRIMARY_DIR)!.routes.find((r) => wordFor(r) !== null)!;
    const merged = plan.find((s) => s.dir !== PRIMARY_DIR && s.routes.some((r) => wordFor(r) !== null && r !== routeOf(7)))!.routes.find((r) => wordFor(r) !== null && r !== routeOf(7))!;
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/`);
    for (const [word, route] of [
      [wordFor(primary)!, primary],
      [wordFor(merged)!, merged],
      ['okapi', routeOf(7)],
    ] as const) {
      const input = page.locator('#lw-search input');
      await input.fill('');
      await input.fill(word);
      const result = page.locator('.pagefind-ui__result-link').first();
      await expect.poll(async () => ((await result.count()) > 0 ? await result.getAttribute('href') : null), { timeout: 10_000 }).toBe(route);
    }
    await page.close();
  });

  it('detects a corrupted cached page, says so, and builds it again', async () => {
    const blobs = files(join(cacheDir, 'site-page')).filter((f) => f.endsWith('.blob'));
    expect(blobs.length).toBeGreaterThan(PAGES);
    const notes = blobs.filter((f) => readFileSync(f, 'utf8').includes('Field note')).slice(0, 3);
    expect(notes).toHaveLength(3);
    for (const f of notes) writeFileSync(f, readFileSync(f, 'utf8').replace('Field note', 'Field n0te'));
    const diagnostics = new Diagnostics();
    const again = join(parent, 'again');
    const result = await buildSite(bundle(SHA_B, edited), { outDir: again, diagnostics, cache: new CacheStore(cacheDir, 'test', diagnostics) });
    expect(result.published).toBe(true);
    expect(result.reusedPages).toBe(result.pages - 3);
    expect(diagnostics.items.map((d) => d.code)).toContain('I_CACHE_REBUILT');
    expect(treeDiff(readTree(again), readTree(fresh))).toEqual([]);
  }, 120_000);

  it('builds every page again when the cached ones were made with other theme assets', async () => {
    // Re-sign every cached page as if an Astro with different `_astro/` output had built it.
    for (const f of files(join(cacheDir, 'site-page')).filter((f) => f.endsWith('.blob'))) {
      const blob = readFileSync(f);
      const nl = blob.indexOf(0x0a);
      const [format, key] = blob.subarray(0, nl).toString('latin1').split(' ');
      const body = blob.subarray(nl + 1);
      const at = body.indexOf(0x0a);
      const offset = body.subarray(0, at).toString('latin1').split(' ')[0];
      const forged = Buffer.concat([Buffer.from(`${offset} ${'0'.repeat(64)}\n`, 'latin1'), body.subarray(at + 1)]);
      writeFileSync(f, Buffer.concat([Buffer.from(`${format} ${key} ${sha256(forged)}\n`, 'latin1'), forged]));
    }
    const diagnostics = new Diagnostics();
    const again = join(parent, 'assets-changed');
    const result = await buildSite(bundle(SHA_B, edited), { outDir: again, diagnostics, cache: new CacheStore(cacheDir, 'test', diagnostics) });
    expect(result.published).toBe(true);
    expect(result.reusedPages).toBe(0);
    expect(diagnostics.items.map((d) => d.code)).toContain('I_SITE_CACHE_ASSETS');
    expect(treeDiff(readTree(again), readTree(fresh))).toEqual([]);
  }, 120_000);

  it('still stops a secret in a changed page when everything else is known clean, naming file and line', async () => {
    const diagnostics = new Diagnostics();
    const leak = { index: 12, body: `<p>Deploy notes.</p>\n<p>Token <code>${SECRETS.github}</code></p>` };
    const result = await buildSite(bundle(SHA_B, leak), { outDir: out, diagnostics, cache: new CacheStore(cacheDir, 'test', diagnostics) });
    expect(result.published).toBe(false);
    const gate = diagnostics.items.filter((d) => d.code === 'E_SECRET_IN_OUTPUT' && d.file === 'demo/notes/n012/index.html');
    expect(gate).toHaveLength(1);
    // The body is published verbatim: the token sits two lines below the page's heading.
    const heading = readFileSync(join(fresh, 'demo/notes/n012/index.html'), 'utf8').split('\n').findIndex((l) => l.includes('Note 12</h1>')) + 1;
    expect(heading).toBeGreaterThan(0);
    expect(gate[0]!.line).toBe(heading + 2);
    // The previous output is untouched.
    expect(readFileSync(join(out, 'demo/notes/n012/index.html'), 'utf8')).not.toContain('Deploy notes');
  }, 120_000);
});

it('publishes a site whose pages all stay out of search, with an empty search index', async () => {
  const base = makeBundle();
  const pages = base.pages.map((p) => ({ ...p, indexed: false }));
  const diagnostics = new Diagnostics();
  const out = join(tempDir('livewiki-unindexed-'), 'out');
  const result = await buildSite({ ...base, pages }, { outDir: out, diagnostics });
  expect(diagnostics.items.filter((d) => d.severity === 'error')).toEqual([]);
  expect([result.published, result.indexedPages]).toEqual([true, 0]);
  expect(readdirSync(join(out, 'pagefind'))).toContain('pagefind-ui.js');
}, 120_000);
