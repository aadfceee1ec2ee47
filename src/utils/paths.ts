// Repository paths: `/`-separated, relative to the repository root, `''` for the root itself.

/** The folder of a repository path (`docs/a.md` → `docs`, `a.md` → `''`). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}
