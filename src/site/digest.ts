// What a built page's HTML depends on besides its own data: the theme (site/), the Astro and
// Pagefind versions that turn it into files. Part of every site cache key.
import { readdirSync, readFileSync } from 'node:fs';
import { findPackageJSON } from 'node:module';
import { join, relative } from 'node:path';
import { sha256 } from '../cache/store.ts';
import { SITE_ROOT } from './astro-build.ts';

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    // Astro's own type folder and build output are not part of the theme.
    if (e.name === '.astro' || e.name === 'dist' || e.name === 'node_modules') continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(full));
    else if (e.isFile()) out.push(full);
  }
  return out;
}

function versionOf(pkg: string): string {
  // Pagefind's `exports` hide its package.json from require.resolve.
  const file = findPackageJSON(pkg, import.meta.url);
  return file ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : 'unknown';
}

let memo: string | null = null;

export function siteDigest(): string {
  if (memo) return memo;
  const parts: (string | Buffer)[] = [`astro ${versionOf('astro')}`, `pagefind ${versionOf('pagefind')}`];
  for (const f of listFiles(SITE_ROOT).map((f) => relative(SITE_ROOT, f).split('\\').join('/')).sort()) parts.push(f, readFileSync(join(SITE_ROOT, f)));
  memo = sha256(...parts);
  return memo;
}
