// End to end over a wiki of two repositories: the recent-changes timeline an on-call engineer
// opens ("what changed before 03:00?"), and accessibility of the main page kinds in both themes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_MISSING, launchBrowser, needsBrowser, serveStatic, type StaticServer, type TestBrowser } from '../helpers/browser.ts';
import { buildTwoRepoWiki, type TwoRepoWiki } from './two-repos.ts';

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

let wiki: TwoRepoWiki;
let server: StaticServer;
let browser: TestBrowser;
const requested: string[] = [];

beforeAll(async () => {
  // Date inputs are read in the browser's time zone; Chromium inherits it from here.
  process.env.TZ = 'UTC';
  wiki = await buildTwoRepoWiki();
  expect(wiki.result.published).toBe(true);
  server = await serveStatic(wiki.outDir);
  if (BROWSER_MISSING) return; // the tests that read the HTML still run
  browser = await launchBrowser();
  browser.context.on('request', (r) => requested.push(r.url()));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  wiki?.cleanup();
});

async function open(route: string): Promise<Page> {
  const page = await browser.context.newPage();
  const response = await page.goto(server.origin + route);
  expect(response?.status()).toBe(200);
  return page;
}

const visibleEntries = (page: Page) =>
  page.locator('li.lw-change:visible').evaluateAll((lis) =>
    lis.map((li) => ({ repo: (li as HTMLElement).dataset.repo, sha: li.querySelector('.lw-commit code')?.textContent ?? '' })),
  );

describe('the recent-changes timeline of a two-repository wiki', () => {
  it('lists every commit that changed a page, newest first, across both repositories, with the pages it changed', async (ctx) => {
    needsBrowser(ctx);
    const page = await open('/');
    await page.locator('nav[aria-label="Site"] a', { hasText: 'Recent changes' }).click();
    await page.waitForURL('**/changes/');
    const short = (sha: string | undefined) => sha!.slice(0, 8);
    const { alpha, beta } = wiki;
    // History order within a repository (alpha's merge carries a skewed date), landed time across.
    expect(await visibleEntries(page)).toEqual([
      { repo: 'beta', sha: short(beta.shas.detect) },
      { repo: 'alpha', sha: short(alpha.shas.cafe) },
      { repo: 'alpha', sha: short(alpha.shas.rename) },
      { repo: 'alpha', sha: short(alpha.shas.merge) },
      { repo: 'alpha', sha: short(alpha.shas.tuning) },
      { repo: 'beta', sha: short(beta.shas.cache) },
      { repo: 'beta', sha: short(beta.shas.initial) },
      { repo: 'alpha', sha: short(alpha.shas.setup) },
      { repo: 'alpha', sha: short(alpha.shas.initial) },
    ]);
    const first = page.locator('li.lw-change').first();
    expect((await first.locator('.lw-change-head').textContent())!.replace(/\s+/g, ' ')).toContain('Failover: check replication lag first (#7) #7 by Dana Oncall');
    expect(await first.locator('time').getAttribute('datetime')).toBe('2024-02-02T02:40:00+00:00');
    expect(await first.locator('time').textContent()).toBe('2024-02-02 02:40 UTC');
    expect(await first.locator('a.lw-commit').getAttribute('href')).toBe(`https://github.com/acme/runbooks/commit/${beta.shas.detect}`);
    // Links are relative to the page; where they lead is what counts.
    expect(await first.locator('.lw-change-pages a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname))).toEqual(['/beta/runbooks/database-failover/']);
    const initial = page.locator('li.lw-change').last();
    expect(await initial.locator('.lw-change-pages a').evaluateAll((as) => as.map((a) => [(a as HTMLAnchorElement).pathname, a.textContent]))).toEqual([
      // The overview is titled by the project's name: package.json `name` first (issue 17.3).
      ['/alpha/', 'widgets'],
      ['/alpha/api/openapi.yaml/', 'Widgets API'],
      ['/alpha/api/openapi.yaml/tags/widgets/', 'widgets'],
      ['/alpha/compose.yaml/', 'compose.yaml'],
      ['/alpha/docs/handbook/', 'The Guide'],
      ['/alpha/requirements/', 'Requirements'],
    ]);
    // A section's own change counts too: the merge changed the API page only.
    const merge = page.locator('li.lw-change', { hasText: 'Merge pull request #45' });
    expect(await merge.locator('.lw-change-pages a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname))).toEqual(['/alpha/docs/api/']);
    await page.close();
  });

  it('filters by repository and by date window in the browser, and keeps the filter in the address', async (ctx) => {
    needsBrowser(ctx);
    const page = await open('/changes/');
    await page.locator('select[name="repo"]').selectOption('beta');
    expect((await visibleEntries(page)).map((e) => e.repo)).toEqual(['beta', 'beta', 'beta']);
    expect(await page.locator('#lw-filter-status').textContent()).toBe('Showing 3 of 9 entries of this page.');
    expect(new URL(page.url()).searchParams.get('repo')).toBe('beta');

    await page.locator('select[name="repo"]').selectOption('');
    await page.locator('input[name="after"]').fill('2024-01-04T00:00');
    await page.locator('input[name="before"]').fill('2024-01-05T12:00');
    expect(await visibleEntries(page)).toEqual([
      { repo: 'alpha', sha: wiki.alpha.shas.tuning!.slice(0, 8) },
      { repo: 'beta', sha: wiki.beta.shas.cache!.slice(0, 8) },
    ]);

    // The filter comes back from the address (a shared link shows the same window).
    const again = await open(`/changes/?repo=alpha&before=${encodeURIComponent('2024-01-03T12:00')}`);
    expect(await visibleEntries(again)).toEqual([
      { repo: 'alpha', sha: wiki.alpha.shas.setup!.slice(0, 8) },
      { repo: 'alpha', sha: wiki.alpha.shas.initial!.slice(0, 8) },
    ]);
    await again.close();
    await page.close();
  });

  it('shows every entry without JavaScript: nothing is hidden in the published HTML', () => {
    const html = readFileSync(join(wiki.outDir, 'changes', 'index.html'), 'utf8');
    expect(html.match(/<li class="lw-change"/g)).toHaveLength(9);
    expect(html).not.toMatch(/<li class="lw-change"[^>]*hidden/);
  });

  it('keeps the timeline out of livewiki.json and out of the page tree', () => {
    const json = JSON.parse(readFileSync(join(wiki.outDir, 'livewiki.json'), 'utf8')) as { pages: { route: string }[] };
    expect(json.pages.map((p) => p.route)).not.toContain('/changes/');
  });

  it('has no serious or critical accessibility violations on a doc page, an overview and the timeline, in light and dark themes', async (ctx) => {
    needsBrowser(ctx);
    const found: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      for (const route of ['/alpha/docs/handbook/', '/alpha/', '/changes/']) {
        const page = await open(route);
        await page.emulateMedia({ colorScheme: theme });
        await page.locator('#lw-search input').waitFor();
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
          return (await axe.run()).violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        });
        found.push(...violations.map((v) => `${theme} ${route}: ${v}`));
        await page.close();
      }
    }
    expect(found).toEqual([]);
    expect(requested.filter((u) => !u.startsWith(server.origin))).toEqual([]);
  });
});
