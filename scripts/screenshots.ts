// `node scripts/screenshots.ts [outDir]`: builds the two-repository fixture wiki, serves it and
// shoots a doc page, a repository overview and the recent-changes timeline in light and dark
// themes with Debian's Chromium (1280 px wide), into docs/screenshots/ by default.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, serveStatic } from '../test/helpers/browser.ts';
import { buildTwoRepoWiki } from '../test/e2e/two-repos.ts';

const WIDTH = 1280;
const HEIGHT = 800;

interface Shot {
  name: string;
  route: string;
  /** Something to do before the picture (e.g. open a section badge). */
  prepare?: (page: Page) => Promise<void>;
}

const SHOTS: Shot[] = [
  {
    name: 'doc-page',
    route: '/alpha/docs/handbook/',
    prepare: async (page) => {
      await page.locator('.lw-prov details summary').click();
      await page.locator('h2#setup .lw-badge summary').hover();
    },
  },
  {
    name: 'api-page',
    route: '/alpha/api/openapi.yaml/tags/widgets/',
    prepare: async (page) => {
      await page.locator('h3#op-post-widgets .lw-badge summary').hover();
    },
  },
  { name: 'repo-overview', route: '/alpha/' },
  { name: 'changes', route: '/changes/' },
];

const outDir = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'docs', 'screenshots'));
mkdirSync(outDir, { recursive: true });
const wiki = await buildTwoRepoWiki();
if (!wiki.result.published) throw new Error(`the fixture wiki did not build: ${JSON.stringify(wiki.result.diagnostics)}`);
const server = await serveStatic(wiki.outDir);
const browser = await launchBrowser();
try {
  for (const theme of ['light', 'dark'] as const) {
    for (const shot of SHOTS) {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: WIDTH, height: HEIGHT });
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(server.origin + shot.route);
      await page.locator('#lw-search input').waitFor();
      await shot.prepare?.(page);
      const file = join(outDir, `${shot.name}-${theme}.png`);
      await page.screenshot({ path: file, clip: { x: 0, y: 0, width: WIDTH, height: HEIGHT } });
      process.stdout.write(`${file}\n`);
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
  wiki.cleanup();
}
