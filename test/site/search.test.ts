// Search ranks documentation above reference data: a configuration file that repeats the words of
// a query hundreds of times (a Postman collection, say) must not come before the guide that
// explains them. Each result says what kind of page it is and which repository it is from.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import type { SitePage } from '../../src/model/site.ts';
import { buildSite } from '../../src/site/index.ts';
import { launchBrowser, serveStatic, type StaticServer, type TestBrowser } from '../helpers/browser.ts';
import { makeBundle } from './fixture.ts';

const nav = { breadcrumbs: [], sidebar: [] };

/** A collection of requests, as a configuration page renders a JSON file: one row per key. */
function collectionBody(): string {
  const rows: string[] = [];
  for (let i = 0; i < 120; i++) {
    rows.push(`<tr id="key-item-${i}-name"><td><code>item.${i}.name</code></td><td>string</td><td><code>Refund order ${i}</code></td><td></td></tr>`);
    rows.push(`<tr id="key-item-${i}-url"><td><code>item.${i}.request.url</code></td><td>string</td><td><code>{{base}}/orders/${i}/refund</code></td><td>Refund the order of a customer</td></tr>`);
  }
  return `<h1 class="lw-title" data-pagefind-weight="7">shop.postman_collection.json</h1><div class="lw-content"><h2 id="lw-keys">Keys</h2><table class="lw-config-keys"><tbody>${rows.join('')}</tbody></table></div>`;
}

function guideBody(): string {
  return `<h1 class="lw-title" data-pagefind-weight="7">Customer support handbook</h1><div class="lw-content"><p>How the support team answers customers, day to day.</p><h2 id="returns">Returns</h2><p>Customers send parcels back within 30 days. To refund an order, check the parcel first, then refund it from the back office.</p><h2 id="escalation">Escalation</h2><p>Anything else goes to the duty manager.</p></div>`;
}

describe('search ranking by page kind', () => {
  let server: StaticServer;
  let browser: TestBrowser;
  let parent: string;
  let assetDir: string;

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'livewiki-search-'));
    const base = makeBundle();
    assetDir = dirname(base.assets[0]!.from);
    const pages: SitePage[] = [
      ...base.pages,
      { route: '/shop/shop.postman_collection.json/', title: 'shop.postman_collection.json', description: '', repo: 'shop', kind: 'config', bodyHtml: collectionBody(), toc: [], nav },
      { route: '/shop/docs/support/', title: 'Customer support handbook', description: '', repo: 'shop', kind: 'doc', bodyHtml: guideBody(), toc: [], nav },
    ];
    const result = await buildSite({ ...base, pages }, { outDir: join(parent, 'dist'), diagnostics: new Diagnostics() });
    expect(result.published).toBe(true);
    server = await serveStatic(join(parent, 'dist'));
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(parent, { recursive: true, force: true });
    rmSync(assetDir, { recursive: true, force: true });
  });

  it('puts the guide above a collection that repeats the words of the query', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/`);
    await page.locator('#lw-search input').fill('refund order');
    const links = page.locator('.pagefind-ui__result-inner > .pagefind-ui__result-title > .pagefind-ui__result-link');
    await expect.poll(() => links.count(), { timeout: 10_000 }).toBe(2);
    expect(await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname))).toEqual(['/shop/docs/support/', '/shop/shop.postman_collection.json/']);
    const tags = await page.locator('.pagefind-ui__result').evaluateAll((lis) => lis.map((li) => [...li.querySelectorAll('.pagefind-ui__result-tag')].map((t) => t.textContent!.trim())));
    expect(tags).toEqual([
      ['Kind: Doc', 'Repo: shop'],
      ['Kind: Config', 'Repo: shop'],
    ]);
    await page.close();
  });
});
