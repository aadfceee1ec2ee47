// File contents of a repository at its built commit: the `RepoFiles` port every extractor reads
// through. Contents come from git blobs (one process per batch); tracked files with uncommitted
// changes come from the working tree, never through a symbolic link.

import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readBlobs, type GitRepo } from '../git/repo.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { RepoFiles, TrackedFile } from '../model/snapshot.ts';

const MAX_TEXT_BYTES = 20 * 1024 * 1024;

export interface RepoReader extends RepoFiles {
  /** Loads the texts of these paths (one git process); `read` then answers from memory. */
  load(paths: string[]): Promise<void>;
  /** Bytes of tracked regular files (symlinks are never followed); missing ones are left out. */
  buffers(paths: string[]): Promise<Map<string, Buffer>>;
}

export function openReader(git: GitRepo, repo: string, files: readonly TrackedFile[], uncommitted: readonly string[], diagnostics: Diagnostics): RepoReader {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const changed = new Set(uncommitted);
  const texts = new Map<string, string>();
  // Paths already reported (a symlink, a file too large): each is reported once per run.
  const skipped = new Set<string>();

  const buffers = async (wanted: string[]): Promise<Map<string, Buffer>> => {
    const result = new Map<string, Buffer>();
    const fromGit: TrackedFile[] = [];
    for (const path of wanted) {
      const f = byPath.get(path);
      if (!f) continue;
      if (f.mode === '120000') {
        if (!skipped.has(path)) diagnostics.warn('W_SYMLINK_SKIPPED', `${path} is a symbolic link; livewiki does not follow links`, { repo, file: path });
        skipped.add(path);
        continue;
      }
      if (changed.has(path)) {
        const b = await readWorkingFile(git.root, path);
        if (b) result.set(path, b);
        else fromGit.push(f);
      } else fromGit.push(f);
    }
    const blobs = await readBlobs(git, fromGit.map((f) => f.blob));
    if (!blobs.ok) {
      diagnostics.error(blobs.error.code, blobs.error.message, { repo, hint: blobs.error.hint });
      return result;
    }
    for (const f of fromGit) {
      const b = blobs.value.get(f.blob);
      if (b) result.set(f.path, b);
      else diagnostics.warn('W_GIT_BLOB_MISSING', `the content of ${f.path} is not in this clone`, { repo, file: f.path, hint: 'Use a full (or blobless) clone.' });
    }
    return result;
  };

  return {
    repo,
    paths: files.map((f) => f.path),
    async load(wanted) {
      const missing = wanted.filter((p) => !texts.has(p) && !skipped.has(p) && byPath.has(p));
      for (const [path, buf] of await buffers(missing)) {
        if (buf.length > MAX_TEXT_BYTES) {
          diagnostics.warn('W_FILE_TOO_LARGE', `${path} is ${buf.length} bytes, over the ${MAX_TEXT_BYTES}-byte limit; it is skipped`, { repo, file: path });
          skipped.add(path);
          continue;
        }
        texts.set(path, buf.toString('utf8'));
      }
    },
    read: (path) => texts.get(path) ?? null,
    buffers,
  };
}

/** Reads a tracked file from the working tree, never through a symbolic link. */
async function readWorkingFile(root: string, path: string): Promise<Buffer | null> {
  const full = join(root, path);
  const st = await lstat(full).catch(() => null);
  // A tracked file that became a symlink (or vanished) in the working tree is not followed.
  if (!st?.isFile()) return null;
  return readFile(full);
}
