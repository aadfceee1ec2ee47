// Repository paths: `/`-separated, relative to the repository root, `''` for the root itself.

/** The folder of a repository path (`docs/a.md` → `docs`, `a.md` → `''`). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/**
 * `path` resolved against the folder `dir` (`docs` + `../api/a.yaml` → `api/a.yaml`), `.` and
 * `..` segments applied (a leading `/` is the root, as an empty segment); null when it climbs
 * above the root.
 */
export function joinRepoPath(dir: string, path: string): string | null {
  const parts = dir === '' ? [] : dir.split('/');
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}
