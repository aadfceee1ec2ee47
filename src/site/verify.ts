// Checks a built site before it is published: every page exists, search is there, and
// nothing that must never be published (RELIABILITY U5) or no symbolic link slipped in.
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isForbiddenSegment } from './paths.ts';

/** Problems found, in a stable order; empty when the site may be published. */
export async function verifySite(siteDir: string, routes: string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const route of routes) {
    const file = join(siteDir, ...route.split('/').filter((s) => s !== ''), 'index.html');
    if (!(await isFile(file))) problems.push(`page ${route} has no index.html`);
  }
  for (const required of ['404.html', 'pagefind/pagefind-entry.json', 'pagefind/pagefind-ui.js']) {
    if (!(await isFile(join(siteDir, required)))) problems.push(`${required} is missing`);
  }
  await walk(siteDir, '', problems);
  return problems;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isFile();
  } catch {
    return false;
  }
}

async function walk(root: string, rel: string, problems: string[]): Promise<void> {
  const entries = await readdir(join(root, rel), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (isForbiddenSegment(entry.name)) problems.push(`forbidden path ${path}`);
    else if (entry.isSymbolicLink()) problems.push(`symbolic link ${path}`);
    else if (entry.isDirectory()) await walk(root, path, problems);
  }
}
