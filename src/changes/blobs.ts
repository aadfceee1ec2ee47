// Old versions of files, straight from git's object store: one `git cat-file --batch` per
// repository streams every blob the change history needs, in the order it needs them, so only
// the blob being parsed is held in memory (git waits on the pipe meanwhile).
import type { GitRepo } from '../git/repo.ts';
import { assertSha, GitError, streamGit } from '../git/run.ts';

const LF = 0x0a;

/**
 * Calls `onBlob(id, bytes)` for each id in order (null when the object is missing: a partial
 * clone or a snapshot without large files). Resolves with an error message when git fails.
 */
export async function streamBlobs(repo: GitRepo, ids: readonly string[], onBlob: (id: string, bytes: Buffer | null) => void | Promise<void>): Promise<string | null> {
  if (ids.length === 0) return null;
  for (const id of ids) assertSha(id);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  /** Size of the object being read (its header already consumed), or -1 when a header comes next. */
  let want = -1;
  let next = 0;
  const take = (n: number): Buffer => {
    const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    pending = rest.length > 0 ? [rest] : [];
    pendingBytes = rest.length;
    return out;
  };
  try {
    for await (const chunk of streamGit(repo.ctx, ['cat-file', '--batch'], { input: ids.join('\n') + '\n', timeoutMs: 60 * 60_000 })) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      for (;;) {
        if (want < 0) {
          // A header: `<id> blob <size>\n` or `<id> missing\n`.
          const flat = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
          pending = [flat];
          const nl = flat.indexOf(LF);
          if (nl < 0) break;
          const header = flat.toString('latin1', 0, nl);
          take(nl + 1);
          const id = ids[next];
          if (id === undefined) return 'git cat-file answered more objects than asked';
          if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
            next++;
            await onBlob(id, null);
            continue;
          }
          const size = Number(header.slice(header.lastIndexOf(' ') + 1));
          if (!Number.isSafeInteger(size) || size < 0) return `unexpected git cat-file header: ${header.slice(0, 80)}`;
          want = size;
        }
        // The content, then one newline.
        if (pendingBytes < want + 1) break;
        const bytes = Buffer.from(take(want + 1).subarray(0, want));
        want = -1;
        const id = ids[next++]!;
        await onBlob(id, bytes);
      }
    }
  } catch (error) {
    if (error instanceof GitError) return error.failure.message;
    throw error;
  }
  return next === ids.length ? null : `git cat-file answered ${next} of ${ids.length} objects`;
}
