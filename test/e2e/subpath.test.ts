// Served where it is deployed: a wiki built with `site` set to a sub-path URL (a GitHub Pages
// project site is https://owner.github.io/<repo>/) and served only there by a static server.
// Every page kind loads with no failed request, every link stays under the sub-path, search finds
// pages, and the ledger's redirect and tombstone work there; the 404 page too, at any address.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { build } from '../../src/pipeline/run.ts';
import { launchBrowser, serveStatic, type StaticServer, type TestBrowser } from '../helpers/browser.ts';
import type { TestRepo } from '../helpers/git-repo.ts';
import { makeReadingRepo, moveAndRemove } from '../helpers/reading-wiki.ts';

const PREFIX = '/team/wiki/';
const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

let repo: TestRepo;
let outRoot: string;
let out: string;
let server: StaticServer;
let browser: TestBrowser;
let site: string;
let routes: string[];

beforeAll(async () => {
  ({ repo } = makeReadingRepo());
  outRoot = mkdtempSync(join(tmpdir(), 'livewiki-subpath-'));
  out = join(outRoot, 'site');
  // The server comes first: its address is the site's URL.
  server = await serveStatic(out, { prefix: PREFIX });
  site = `${server.origin}${PREFIX}`;
  for (const step of ['first', 'second']) {
    if (step === 'second') moveAndRemove(repo);
    const result = await build({ ...(await loadConfig({ cwd: repo.root, out, site })), cacheDir: null });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.published).toBe(true);
  }
  const wiki = JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as { pages: { route: string }[] };
  routes = wiki.pages.map((p) => p.route);
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  repo?.cleanup();
  if (outRoot) rmSync(outRoot, { recursive: true, force: true });
});

interface Visit {
  page: Page;
  status: number | undefined;
  failed: string[];
}

/** Opens `path` (under the origin) and records every request that failed or answered an error. */
async function visit(path: string): Promise<Visit> {
  const page = await browser.context.newPage();
  const failed: string[] = [];
  page.on('requestfailed', (r) => failed.push(`${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => {
    // The page itself may be the 404 page; everything it loads must answer.
    if (r.status() >= 400 && r.url() !== `${server.origin}${path}`) failed.push(`${r.url()} (${r.status()})`);
  });
  const response = await page.goto(`${server.origin}${path}`);
  await page.locator('#lw-search input').waitFor();
  await page.waitForLoadState('networkidle');
  return { page, status: response?.status(), failed };
}

/** Every URL a page refers to (links, stylesheets, scripts, images, icons), resolved by the browser. */
function references(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('a[href], link[href], script[src], img[src], form[action]')].map((el) => {
      const value = (el as HTMLAnchorElement).href || (el as HTMLScriptElement).src || (el as HTMLFormElement).action;
      return value;
    }),
  );
}

describe('a wiki served under a sub-path', () => {
  it('keeps the routes of livewiki.json and the ledger site-relative, whatever the deployment', () => {
    expect(routes).toContain('/inventory/docs/guide/');
    expect(routes.every((r) => r.startsWith('/') && !r.startsWith(PREFIX))).toBe(true);
    const ledger = JSON.parse(readFileSync(join(out, 'livewiki-ledger.json'), 'utf8')) as { entries: { route: string }[] };
    expect(ledger.entries.map((e) => e.route)).toContain('/inventory/docs/draft/');
    expect(ledger.entries.every((e) => !e.route.startsWith(PREFIX))).toBe(true);
  });

  it('loads every page kind with no failed request, and every link stays under the sub-path', async () => {
    const all = [...routes, '/changes/', '/inventory/docs/old-notes/'];
    expect(all.length).toBeGreaterThan(12);
    for (const route of all) {
      const { page, status, failed } = await visit(`${PREFIX}${route.slice(1)}`);
      expect(status, route).toBe(200);
      expect(failed, route).toEqual([]);
      // Styled: the theme's stylesheet applied (the page background is the theme's, not the default).
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('.lw-header')!).borderBottomStyle), route).toBe('solid');
      const local = (await references(page)).filter((u) => u.startsWith(server.origin));
      expect(local.length, route).toBeGreaterThan(5);
      expect(local.filter((u) => !u.startsWith(site)), route).toEqual([]);
      // The canonical URL is the page's absolute URL under the site.
      expect(await page.locator('link[rel="canonical"]').getAttribute('href'), route).toBe(new URL(route.slice(1), site).href);
      await page.close();
    }
  });

  it('finds a page with the search box and leads to it under the sub-path', async () => {
    const { page } = await visit(`${PREFIX}inventory/docs/guide/`);
    await page.locator('#lw-search input').fill('deployment ledger');
    const result = page.locator('.pagefind-ui__result-link').first();
    await result.waitFor({ timeout: 10_000 });
    expect(await result.evaluate((a) => (a as HTMLAnchorElement).href)).toBe(`${site}inventory/docs/guide/`);
    await result.click();
    await page.waitForURL(`${site}inventory/docs/guide/`);
    expect(await page.locator('h1').textContent()).toBe('Deployment guide');
    await page.close();
  });

  it('sends an old link of a moved page, anchor included, to its new home under the sub-path', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site}inventory/docs/draft/#part-one`);
    await page.waitForURL(`${site}inventory/docs/published/#part-one`);
    expect(await page.locator('h2#part-one').isVisible()).toBe(true);
    await page.close();
  });

  it('answers a removed page with its tombstone, whose links stay under the sub-path', async () => {
    const { page, status, failed } = await visit(`${PREFIX}inventory/docs/old-notes/`);
    expect(status).toBe(200);
    expect(failed).toEqual([]);
    expect(await page.locator('h1').textContent()).toBe('Old notes was removed');
    expect(await page.locator('article').textContent()).toContain('Publish the draft, drop the old notes (#7)');
    await page.getByRole('link', { name: "Go to the repository's overview" }).click();
    await page.waitForURL(`${site}inventory/`);
    await page.close();
  });

  it('serves the 404 page at any missing address under the sub-path, styled, with working links and search', async () => {
    for (const path of [`${PREFIX}no/such/page/`, `${PREFIX}inventory/docs/deep/er/missing`]) {
      const { page, status, failed } = await visit(path);
      expect(status, path).toBe(404);
      expect(failed, path).toEqual([]);
      expect(await page.locator('h1').textContent()).toBe('Page not found');
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: () => Promise<{ violations: { id: string }[] }> } }).axe;
        return (await axe.run()).violations.map((v) => v.id);
      });
      expect(violations, path).toEqual([]);
      const local = (await references(page)).filter((u) => u.startsWith(server.origin));
      expect(local.filter((u) => !u.startsWith(site)), path).toEqual([]);
      await page.locator('#lw-search input').fill('deployment');
      await page.locator('.pagefind-ui__result-link').first().waitFor({ timeout: 10_000 });
      expect(await page.locator('.pagefind-ui__result-link').first().evaluate((a) => (a as HTMLAnchorElement).href)).toMatch(new RegExp(`^${site.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}inventory/`));
      await page.locator('#lw-search input').fill(''); // the results float over the page
      await page.getByRole('link', { name: 'home page' }).click();
      await page.waitForURL(site);
      await page.close();
    }
  });
});
