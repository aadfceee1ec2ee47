// The history index knows each change's blob (the file's version it left) and the file's name at
// that commit, from the same one `git log --raw` pass; an index extended from the cache agrees.
// Oracle: `git rev-parse <commit>:<name>` for every change of every path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CacheStore } from '../../src/cache/index.ts';
import { openRepo, type GitRepo } from '../../src/git/repo.ts';
import { cachedHistoryIndex } from '../../src/history/cached.ts';
import { buildHistoryIndex, type HistoryIndex } from '../../src/history/log.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';

function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

/** Per change of `path` (newest first): [commit, name then, blob git stores there ('' when deleted)]. */
function expected(repo: TestRepo, index: HistoryIndex, path: string): [string, string, string][] {
  const commits = [...index.commits.values()];
  const names = index.names(path);
  return index.positions(path).map((i, k) => {
    const sha = commits[i]!.sha;
    const name = names?.[k] ?? path;
    let blob = '';
    try {
      blob = repo.git('rev-parse', '--verify', '-q', `${sha}:${name}`).trim();
    } catch {
      // Not in that commit's tree: the change deleted it.
    }
    return [sha, name, blob];
  });
}

function actual(index: HistoryIndex, path: string): [string, string, string][] {
  const commits = [...index.commits.values()];
  const names = index.names(path);
  const blobs = index.blobs(path);
  return index.positions(path).map((i, k) => [commits[i]!.sha, names?.[k] ?? path, blobs[k]!]);
}

describe('blob ids in the history index', () => {
  const repo = TestRepo.init();
  let git: GitRepo;

  beforeAll(async () => {
    repo.write('api/spec.yaml', 'openapi: 3.0.0\npaths: {}\n');
    repo.write('config/app.yaml', 'timeout: 30\nport: 8080\nhost: 0.0.0.0\nname: app\nlevel: info\n');
    repo.write('gone.md', '# Gone\n');
    repo.commit('Initial import');
    repo.write('config/app.yaml', 'timeout: 45\nport: 8080\nhost: 0.0.0.0\nname: app\nlevel: info\n');
    repo.remove('gone.md');
    repo.commit('Raise timeout, drop gone.md');
    repo.move('config/app.yaml', 'config/service.yaml');
    repo.commit('Rename app.yaml');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('config/service.yaml', 'timeout: 60\nport: 8080\nhost: 0.0.0.0\nname: app\nlevel: info\n');
    repo.write('api/spec.yaml', 'openapi: 3.0.0\npaths:\n  /pets: {}\n');
    repo.commit('Feature work');
    repo.git('checkout', '-q', '-');
    repo.merge('feature', { message: 'Merge pull request #7 from feature' });
    repo.write('gone.md', '# Back\n');
    repo.commit('Bring gone.md back');
    git = must(await openRepo(repo.root));
  });

  afterAll(() => repo.cleanup());

  it('records, for every change of every path, the blob git stores there and the name the file had', async () => {
    const index = must(await buildHistoryIndex(git, { diagnostics: new Diagnostics() }));
    for (const path of index.paths()) expect(actual(index, path), path).toEqual(expected(repo, index, path));
    // The renamed file: three changes before its rename under its old name, the merge under the new one.
    expect(actual(index, 'config/service.yaml').map(([, name]) => name)).toEqual(['config/service.yaml', 'config/service.yaml', 'config/app.yaml', 'config/app.yaml']);
    expect(index.names('api/spec.yaml')).toBeNull();
    // Deleted, then brought back: the deletion is a change that left no blob.
    expect(actual(index, 'gone.md').map(([, , blob]) => blob === '')).toEqual([false, true, false]);
  });

  it('an index extended from the cache by a new commit has the same blobs as a full walk', async () => {
    const store = new CacheStore(removeAfterFile(tempDir()), 'salt');
    const first = await cachedHistoryIndex(git, 'r', { diagnostics: new Diagnostics() }, store);
    expect(first.mode).toBe('full');
    repo.write('config/service.yaml', 'timeout: 90\nport: 8080\nhost: 0.0.0.0\nname: app\nlevel: info\n');
    repo.commit('Timeout 90');
    const moved = must(await openRepo(repo.root));
    const extended = await cachedHistoryIndex(moved, 'r', { diagnostics: new Diagnostics() }, store);
    expect(extended.mode).toBe('extended');
    const full = must(await buildHistoryIndex(moved, { diagnostics: new Diagnostics() }));
    const ext = must(extended.index);
    expect(ext.paths()).toEqual(full.paths());
    for (const path of full.paths()) {
      expect(actual(ext, path), path).toEqual(actual(full, path));
      expect(actual(ext, path), path).toEqual(expected(repo, full, path));
    }
    // And read back without walking (same head): still the same.
    const reused = await cachedHistoryIndex(moved, 'r', { diagnostics: new Diagnostics() }, store);
    expect(reused.mode).toBe('reused');
    for (const path of full.paths()) expect(actual(must(reused.index), path), path).toEqual(actual(full, path));
  });
});
