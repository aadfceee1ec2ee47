// File contents of a repository at its built commit: the `RepoFiles` port every extractor reads
// through. Contents come from git blobs (one process per batch); tracked files with uncommitted
// changes come from the working tree, never through a symbolic link.

import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readBlobs, type GitRepo } from '../git/repo.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { RepoFiles, TrackedFile } from '../model/snapshot.ts';
import { decodeText, parseLfsPointer, type LfsPointer } from './text.ts';

export type { LfsPointer } from './text.ts';

export interface RepoReader extends RepoFiles {
  /** Loads the texts of these paths (one git process); `read` then answers from memory. */
  load(paths: string[]): Promise<void>;
  /** Bytes of tracked regular files (symlinks are never followed); missing ones are left out. */
  buffers(paths: string[]): Promise<Map<string, Buffer>>;
  /** A loaded path that is a Git LFS pointer (its content is in LFS, not in git): `read` gives null. */
  lfs(path: string): LfsPointer | null;
  /** Size in bytes of a loaded path left unread for being over the size limit (`read` gives null). */
  oversized(path: string): number | null;
}

/** Files larger than this are not read as text (they are named, with their size). */
export const MAX_TEXT_BYTES = 20 * 1024 * 1024;

export function openReader(git: GitRepo, repo: string, files: readonly TrackedFile[], uncommitted: readonly string[], diagnostics: Diagnostics): RepoReader {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const changed = new Set(uncommitted);
  const texts = new Map<string, string>();
  // Paths already reported (a symlink, a file too large, an LFS pointer): each is reported once per run.
  const skipped = new Set<string>();
  const pointers = new Map<string, LfsPointer>();
  const tooLarge = new Map<string, number>();

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
          diagnostics.warn('W_FILE_TOO_LARGE', `${path} is ${buf.length} bytes, over the ${MAX_TEXT_BYTES}-byte limit; its content is not shown`, { repo, file: path });
          skipped.add(path);
          tooLarge.set(path, buf.length);
          continue;
        }
        const pointer = parseLfsPointer(buf);
        if (pointer) {
          diagnostics.warn('W_LFS_POINTER', `${path} is a Git LFS pointer (object sha256:${pointer.oid.slice(0, 12)}…, ${pointer.size} bytes); its content is not in the git repository and is not shown`, {
            repo,
            file: path,
          });
          skipped.add(path);
          pointers.set(path, pointer);
          continue;
        }
        const decoded = decodeText(buf);
        if (decoded.encoding === 'windows-1252') {
          diagnostics.warn('W_TEXT_ENCODING', `${path} is not valid UTF-8; it is read as Windows-1252 (Latin-1)`, { repo, file: path });
        }
        texts.set(path, decoded.text);
      }
    },
    read: (path) => texts.get(path) ?? null,
    buffers,
    lfs: (path) => pointers.get(path) ?? null,
    oversized: (path) => tooLarge.get(path) ?? null,
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
