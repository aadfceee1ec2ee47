// Where the build cache may live. Cache entries are trusted the way livewiki's own files are (they
// hold finished HTML, search shards and gate verdicts), so the folder must never be something a
// documented repository can write: it is refused (and the build runs without it) when it lies
// inside a documented repository, holds files tracked by git, or is or contains a symbolic link.
// The default folder is therefore outside every checkout: `$XDG_CACHE_HOME/livewiki/<project>`
// (else `~/.cache/livewiki/<project>`), one folder per project so their prunes never meet.
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { runGit } from '../git/run.ts';
import { sha256 } from '../utils/digest.ts';

/** The cache folder of the project whose config file (or working folder) is in `base`. */
export function defaultCacheDir(base: string, env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  const root = xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache');
  const abs = resolve(base);
  const name = basename(abs).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+/, '').slice(0, 40) || 'project';
  return join(root, 'livewiki', `${name}-${sha256(abs).slice(0, 12)}`);
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** The real path of `path`, resolving only the part of it that exists (the rest is appended). */
function realOf(path: string): string {
  const abs = resolve(path);
  const missing: string[] = [];
  let at = abs;
  for (;;) {
    try {
      return join(realpathSync(at), ...missing.reverse());
    } catch {
      const up = dirname(at);
      if (up === at) return abs;
      missing.push(basename(at));
      at = up;
    }
  }
}

/** The work tree (folder holding `.git`) that contains `path`, or null. */
export function workTreeOf(path: string): string | null {
  let at = realOf(path);
  for (;;) {
    if (existsSync(join(at, '.git'))) return at;
    const up = dirname(at);
    if (up === at) return null;
    at = up;
  }
}

/**
 * Why the cache folder `dir` must not be used, or null when it may. `repoPaths` are the
 * configured repositories (their work trees are found without running git). A folder inside
 * another git work tree is refused only when git tracks files in it. (Links inside the folder are
 * found by the store's first walk, `CacheStore.sweep`.)
 */
export async function cacheDirProblem(dir: string, repoPaths: readonly string[]): Promise<string | null> {
  const abs = resolve(dir);
  let stat;
  try {
    stat = lstatSync(abs);
  } catch {
    stat = null; // made on the first write
  }
  if (stat?.isSymbolicLink()) return 'it is a symbolic link';
  if (stat && !stat.isDirectory()) return 'it exists and is not a folder';
  const real = realOf(abs);
  for (const path of repoPaths) {
    const tree = workTreeOf(path) ?? realOf(path);
    if (isInside(real, tree)) return `it lies inside the documented repository ${tree}, whose content may not be trusted as a cache`;
    if (isInside(tree, real)) return `it contains the documented repository ${tree}`;
  }
  return trackedByGit(real);
}

/**
 * Why `path` (a file or folder) counts as repository content: git tracks it or files in it, in
 * whatever work tree holds it; null when none does (or it is in no work tree).
 */
export async function trackedByGit(path: string): Promise<string | null> {
  const real = realOf(path);
  const tree = workTreeOf(real);
  if (!tree) return null;
  const listed = await runGit({ root: tree, timeoutMs: 30_000 }, ['ls-files', '-z', '--', relative(tree, real) || '.'], { maxBytes: 1024 * 1024 });
  if (!listed.ok) return `git could not tell whether the repository ${tree} tracks it (${listed.error.code})`;
  return listed.value.length > 0 ? `git tracks it (repository ${tree})` : null;
}
