// `node scripts/screenshots.ts [siteDir] [outDir]`: shoots this repository's own wiki (built by
// `npm run wiki` into livewiki-dist/ by default) with Debian's Chromium, desktop (1400 px) and
// phone (390 px), light and dark, into docs/screenshots/. The README shows them.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, serveStatic } from '../test/helpers/browser.ts';

interface Shot {
  name: string;
  route: string;
  width: number;
  height: number;
  /** Something to do before the picture (open a badge, scroll to a code block, open the drawer). */
  prepare?: (page: Page) => Promise<void>;
}

const DESKTOP = { width: 1400, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Scrolls so that `selector`'s first match is near the top, below the sticky header. */
const scrollTo = (selector: string) => async (page: Page) => {
  await page.locator(selector).first().evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 90));
};

const SHOTS: Shot[] = [
  {
    // The README as the repository's overview, with who changed it last and why.
    name: 'desktop-overview',
    route: '/livewiki/',
    ...DESKTOP,
  },
  {
    name: 'desktop-typescript',
    route: '/livewiki/ts/livewiki/api/',
    ...DESKTOP,
    prepare: async (page) => {
      await page.locator('h3 .lw-badge summary, h2 .lw-badge summary').first().hover();
    },
  },
  { name: 'desktop-doc-table', route: '/livewiki/docs/diagnostics/', ...DESKTOP, prepare: scrollTo('.lw-body table') },
  { name: 'desktop-changes', route: '/changes/', ...DESKTOP },
  { name: 'phone-doc', route: '/livewiki/docs/diagnostics/', ...PHONE },
  { name: 'phone-code', route: '/livewiki/', ...PHONE, prepare: scrollTo('.lw-body pre') },
  {
    name: 'phone-drawer',
    route: '/livewiki/ts/livewiki/api/',
    ...PHONE,
    prepare: async (page) => {
      await page.locator('#lw-menu').click();
      await page.locator('#lw-sidebar').waitFor({ state: 'visible' });
    },
  },
];

const root = join(import.meta.dirname, '..');
const siteDir = resolve(process.argv[2] ?? join(root, 'livewiki-dist'));
const outDir = resolve(process.argv[3] ?? join(root, 'docs', 'screenshots'));
if (!existsSync(join(siteDir, 'livewiki.json'))) {
  process.stderr.write(`${siteDir} holds no built wiki: run \`npm run wiki\` first (or pass the site folder)\n`);
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const server = await serveStatic(siteDir);
const browser = await launchBrowser();
try {
  for (const theme of ['light', 'dark'] as const) {
    for (const shot of SHOTS) {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: shot.width, height: shot.height });
      await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
      const response = await page.goto(server.origin + shot.route);
      if (!response?.ok()) throw new Error(`${shot.route}: HTTP ${response?.status()}`);
      await page.locator('#lw-search input').waitFor();
      await shot.prepare?.(page);
      await page.waitForTimeout(300);
      const file = join(outDir, `${shot.name}-${theme}.png`);
      await page.screenshot({ path: file });
      process.stdout.write(`${file}\n`);
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
