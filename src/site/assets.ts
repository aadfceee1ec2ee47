// Copies the bundle's assets verbatim and writes its extra files into the built site, never
// overwriting what Astro generated and never following a symbolic link out of the repository.
import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { SiteAsset, SiteFile } from '../model/site.ts';
import { outPathProblem } from './paths.ts';

function target(siteDir: string, outPath: string): string {
  return join(siteDir, ...outPath.split('/'));
}

export async function copyAssets(siteDir: string, assets: SiteAsset[], files: SiteFile[], diagnostics: Diagnostics): Promise<void> {
  const seen = new Set<string>();
  const claim = (outPath: string): boolean => {
    const problem = outPathProblem(outPath);
    if (problem !== null) {
      diagnostics.error('E_SITE_ASSET', `Output path "${outPath}" ${problem}; it was not written.`);
      return false;
    }
    if (seen.has(outPath)) {
      diagnostics.error('E_SITE_ASSET', `Output path "${outPath}" is given twice; only the first was written.`);
      return false;
    }
    seen.add(outPath);
    return true;
  };
  const byPath = (a: { outPath: string }, b: { outPath: string }) => (a.outPath < b.outPath ? -1 : a.outPath > b.outPath ? 1 : 0);
  for (const file of [...files].sort(byPath)) {
    if (!claim(file.outPath)) continue;
    const to = target(siteDir, file.outPath);
    await mkdir(dirname(to), { recursive: true });
    await writeFile(to, file.content, { flag: 'wx' });
  }
  for (const asset of [...assets].sort(byPath)) {
    if (!claim(asset.outPath)) continue;
    try {
      const stat = await lstat(asset.from);
      if (!stat.isFile()) throw new Error('not a regular file');
      const to = target(siteDir, asset.outPath);
      await mkdir(dirname(to), { recursive: true });
      await copyFile(asset.from, to, constants.COPYFILE_EXCL);
    } catch (error) {
      diagnostics.error('E_SITE_ASSET', `Asset "${asset.outPath}" could not be copied: ${(error as Error).message}`, {
        file: asset.from,
      });
    }
  }
}
