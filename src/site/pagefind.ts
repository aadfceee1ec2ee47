// Offline search: Pagefind indexes the built pages (only `data-pagefind-body` content) and
// writes its index and default UI into `<site>/pagefind/`.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostics } from '../model/diagnostics.ts';
import { SiteError } from './out-dir.ts';

// Pagefind runs one backend process per Node process, shared by every index; closing it while
// another build indexes would break that build, so it is closed when the last user is done.
let users = 0;

export async function indexSite(siteDir: string, diagnostics: Diagnostics): Promise<number> {
  const pagefind = await import('pagefind');
  users += 1;
  try {
    const { index, errors } = await pagefind.createIndex({ keepIndexUrl: false, writePlayground: false });
    if (!index) throw new SiteError('E_SITE_SEARCH', `Pagefind could not start: ${errors.join('; ')}`);
    try {
      const added = await index.addDirectory({ path: siteDir });
      for (const e of added.errors) diagnostics.warn('W_SITE_SEARCH', `Pagefind: ${e}`);
      const written = await index.writeFiles({ outputPath: join(siteDir, 'pagefind') });
      if (written.errors.length > 0) {
        throw new SiteError('E_SITE_SEARCH', `Pagefind could not write its index: ${written.errors.join('; ')}`);
      }
      return await indexedPageCount(join(siteDir, 'pagefind', 'pagefind-entry.json'));
    } finally {
      await index.deleteIndex();
    }
  } finally {
    users -= 1;
    if (users === 0) await pagefind.close();
  }
}

/** Pages that made it into the index (pages without `data-pagefind-body`, like 404, do not). */
async function indexedPageCount(entryFile: string): Promise<number> {
  const entry = JSON.parse(await readFile(entryFile, 'utf8')) as { languages?: Record<string, { page_count?: number }> };
  return Object.values(entry.languages ?? {}).reduce((sum, l) => sum + (l.page_count ?? 0), 0);
}
