// After Astro: every freshly built page links relatively to its own route, and the 404 page (served
// at any missing address) under the site's base path. Cached pages were rewritten when they were
// built (their route is part of their key), so only Astro's output of this build passes here.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { basePage, relativizePage } from './urls.ts';

/** Rewrites `files` (route → built file) and `404.html` in place, a few at a time. */
export async function rewriteBuiltPages(siteDir: string, files: [route: string, file: string][], base: string): Promise<void> {
  for (let i = 0; i < files.length; i += 16) {
    await Promise.all(
      files.slice(i, i + 16).map(async ([route, file]) => {
        const html = await readFile(file, 'utf8');
        const next = relativizePage(html, route);
        if (next !== html) await writeFile(file, next);
      }),
    );
  }
  const notFound = join(siteDir, '404.html');
  const html = await readFile(notFound, 'utf8');
  const next = basePage(html, base);
  if (next !== html) await writeFile(notFound, next);
}
