// Extending a history index from an earlier build instead of walking all history again.
//
// A snapshot holds what one full walk learned at head C: commits (newest first) and, per path,
// the positions of the commits that changed it. When the new head H has C on its first-parent
// chain, walking `H ^C` gives exactly the commits a full walk would read before reaching C, and
// the full walk's state when it reaches C (the rename alias map) is empty whenever that range
// has no renames. So the index at H is: the new commits, then the snapshot's, positions shifted
// by the number of new commits, per-path lists concatenated. Whenever that reasoning does not
// hold (C not a first-parent ancestor, renames or a `.mailmap` change in the range, a shallow
// clone, missing blobs in the new range) `extendHistoryIndex` answers null and the caller walks
// all history with `buildHistoryIndex`: never wrong, at worst as slow as before.
//
// A snapshot whose walk had to degrade rename detection (a partial clone lacking old blobs) is
// still extendable: a full walk from H would read the new commits with full detection and then
// fail on the same old commit, resuming the same way, so the old part is the same.
//
// This module reuses index.ts (its `Builder`) and does not change it.
import type { GitRepo } from '../git/repo.ts';
import { assertSha, GitError, RecordSplitter, runGit, streamGit, type GitResult } from '../git/run.ts';
import type { Commit, Person } from '../model/history.ts';
import { HistoryCommit, type CommitContext } from './commit.ts';
import { Builder, type BuildHistoryOptions, type HistoryIndex } from './log.ts';
import type { RawIdent } from './refs.ts';

/** Must match index.ts's log format: `Builder.token` parses it. */
const FORMAT = '--format=%x1e%H%x1f%P%x1f%aN%x1f%aE%x1f%aI%x1f%cN%x1f%cE%x1f%cI%x1f%B%x1f';

/** [name, email, bot] */
type PersonTuple = [string, string, boolean];

/** One commit as stored: sha, parents (space-separated), author, committer, dates, subject, body, co-authors (mailmap applied). */
export type SnapshotCommit = [string, string, PersonTuple, PersonTuple, string, string, string, string, PersonTuple[]];

/** A history index in JSON-friendly form (only for full, non-shallow indexes). */
export interface IndexSnapshot {
  version: 1;
  head: string;
  commits: SnapshotCommit[];
  byPath: Record<string, number[]>;
  former: Record<string, string[]>;
  renameDetection: HistoryIndex['renameDetection'];
  renameDetectionDowngradedAt: string | null;
}

const tuple = (p: Person): PersonTuple => [p.name, p.email, p.bot];

/** The snapshot of `index`, or null when it cannot be extended later (shallow, empty). */
export function snapshotOf(index: HistoryIndex): IndexSnapshot | null {
  if (index.head === null || index.shallow.isShallow) return null;
  const commits: SnapshotCommit[] = [];
  for (const c of index.commits.values()) {
    commits.push([c.sha, c.parents.join(' '), tuple(c.author), tuple(c.committer), c.authoredAt, c.committedAt, c.subject, c.body, c.coAuthors.map(tuple)]);
  }
  const byPath: Record<string, number[]> = Object.create(null) as Record<string, number[]>;
  const former: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const path of index.paths()) {
    byPath[path] = index.changesOf(path).map((c) => index.order.get(c.sha)!);
    const names = index.formerPaths(path);
    if (names.length > 0) former[path] = names;
  }
  return { version: 1, head: index.head, commits, byPath, former, renameDetection: index.renameDetection, renameDetectionDowngradedAt: index.renameDetectionDowngradedAt };
}

/** Checks a parsed snapshot's shape (it came from disk). */
export function isSnapshot(value: unknown): value is IndexSnapshot {
  const s = value as IndexSnapshot | null;
  return (
    s !== null &&
    typeof s === 'object' &&
    s.version === 1 &&
    typeof s.head === 'string' &&
    Array.isArray(s.commits) &&
    s.commits.every((c) => Array.isArray(c) && c.length === 9 && typeof c[0] === 'string') &&
    typeof s.byPath === 'object' &&
    s.byPath !== null &&
    Object.values(s.byPath).every((l) => Array.isArray(l) && l.every((i) => Number.isInteger(i) && i >= 0 && i < s.commits.length)) &&
    typeof s.former === 'object' &&
    s.former !== null &&
    (s.renameDetection === 'full' || s.renameDetection === 'exact' || s.renameDetection === 'none') &&
    (s.renameDetectionDowngradedAt === null || typeof s.renameDetectionDowngradedAt === 'string')
  );
}

export interface ExtendResult {
  index: HistoryIndex;
  /** Commits read from git (0 when the head did not move). */
  walked: number;
  /** New commits whose messages are not valid UTF-8. */
  badEncoding: string[];
}

/**
 * The history index at `options.head` (default `repo.head`) from `snapshot`, walking only the
 * commits since the snapshot's head; null when the snapshot cannot be used (see the top).
 */
export async function extendHistoryIndex(repo: GitRepo, snapshot: IndexSnapshot, options: BuildHistoryOptions = {}): Promise<GitResult<ExtendResult> | null> {
  const head = options.head === undefined ? repo.head : options.head;
  if (head === null || repo.isShallow || (options.renames ?? 'full') !== 'full') return null;
  assertSha(head);
  assertSha(snapshot.head);
  const context: CommitContext = {
    ticketPrefixes: options.ticketPrefixes ?? [],
    links: options.links ?? null,
    coAuthor: (r) => ({ name: r.name, email: r.email, bot: false }),
  };
  if (head === snapshot.head) return { ok: true, value: { index: assemble(head, [], new Map(), snapshot, context), walked: 0, badEncoding: [] } };

  // Exit 1: not an ancestor; 128: the cached head is gone (history rewritten). Either way, walk all.
  // Checked first so an unrelated cached head never makes `H ^C` walk (nearly) everything twice.
  const isAncestor = await runGit(repo.ctx, ['merge-base', '--is-ancestor', snapshot.head, head]);
  if (!isAncestor.ok) return null;

  const builder = new Builder(options.ticketPrefixes ?? [], options.links ?? null);
  const args = ['log', '--first-parent', '--diff-merges=first-parent', '-z', '--no-color', '--no-abbrev', '--name-status', '-M', FORMAT, head, `^${snapshot.head}`, '--'];
  const splitter = new RecordSplitter(0);
  try {
    for await (const chunk of streamGit(repo.ctx, args, { timeoutMs: options.timeoutMs ?? 30 * 60_000, spool: true })) splitter.push(chunk, (b, s, e) => builder.token(b, s, e));
  } catch (error) {
    if (error instanceof GitError) return null;
    throw error;
  }
  const rest = splitter.end();
  if (rest) builder.token(rest, 0, rest.length);
  builder.flush();

  const fresh = builder.commits;
  const oldest = fresh.at(-1);
  // The range must end right on the snapshot's head along first parents (not merely contain it).
  if (!oldest || oldest.parents[0] !== snapshot.head) return null;
  if (builder.former.size > 0 || builder.byPath.has('.mailmap')) return null;

  const mapped = await mailmap(repo, builder.contacts);
  if (!mapped.ok) return mapped;
  builder.context.coAuthor = (r) => mapped.value.get(contactOf(r)) ?? builder.person(r.name, r.email);

  const index = assemble(head, fresh, builder.byPath, snapshot, context);
  return { ok: true, value: { index, walked: fresh.length, badEncoding: [...builder.badEncoding] } };
}

const contactOf = (r: RawIdent): string => (r.name ? `${r.name} <${r.email}>` : `<${r.email}>`);

/** `.mailmap` for the new commits' co-authors, in one `git check-mailmap --stdin` (as index.ts does). */
async function mailmap(repo: GitRepo, contacts: ReadonlySet<string>): Promise<GitResult<Map<string, Person>>> {
  const out = new Map<string, Person>();
  if (contacts.size === 0) return { ok: true, value: out };
  const input = [...contacts];
  const res = await runGit(repo.ctx, ['check-mailmap', '--stdin'], { input: input.join('\n') + '\n' });
  if (!res.ok) return res;
  const lines = res.value.toString('utf8').split('\n');
  const builder = new Builder([], null);
  input.forEach((contact, k) => {
    const m = /^(.*?)\s*<([^<>]*)>$/.exec(lines[k] ?? '') ?? /^(.*?)\s*<([^<>]*)>$/.exec(contact);
    out.set(contact, builder.person(m?.[1] ?? '', m?.[2] ?? ''));
  });
  return { ok: true, value: out };
}

function assemble(head: string, fresh: readonly Commit[], freshByPath: ReadonlyMap<string, number[]>, snapshot: IndexSnapshot, context: CommitContext): HistoryIndex {
  const people = new Map<string, Person>();
  const person = ([name, email, bot]: PersonTuple): Person => {
    const k = `${name}\x1f${email}`;
    let p = people.get(k);
    if (!p) {
      p = { name, email, bot };
      people.set(k, p);
    }
    return p;
  };
  const commits: Commit[] = [...fresh];
  for (const [sha, parentsText, author, committer, authoredAt, committedAt, subject, body, co] of snapshot.commits) {
    const c = new HistoryCommit(context, {
      sha,
      parentsText,
      author: person(author),
      committer: person(committer),
      authoredAt,
      committedAt,
      // Subject and body split again exactly as stored (the subject has no newline, the body no trailing space).
      message: body === '' ? subject : `${subject}\n\n${body}`,
      rawCoAuthors: null,
    });
    c.coAuthors = co.map(person);
    commits.push(c);
  }
  const n = fresh.length;
  const bySha = new Map<string, Commit>();
  const order = new Map<string, number>();
  commits.forEach((c, i) => {
    bySha.set(c.sha, c);
    order.set(c.sha, i);
  });
  const byPath = new Map<string, number[]>();
  for (const [path, list] of freshByPath) byPath.set(path, [...list]);
  for (const [path, list] of Object.entries(snapshot.byPath)) {
    const into = byPath.get(path) ?? [];
    for (const i of list) into.push(i + n);
    byPath.set(path, into);
  }
  const former = new Map(Object.entries(snapshot.former));
  const listOf = (path: string): number[] => byPath.get(path) ?? [];
  return {
    head,
    commits: bySha,
    order,
    shallow: { isShallow: false, boundary: [] },
    renameDetection: snapshot.renameDetection,
    renameDetectionDowngradedAt: snapshot.renameDetectionDowngradedAt,
    changesOf: (path) => listOf(path).map((i) => commits[i]!),
    lastChange(path) {
      const first = listOf(path)[0];
      return first === undefined ? null : commits[first]!;
    },
    isTruncated: () => false,
    formerPaths: (path) => [...(former.get(path) ?? [])],
    paths: () => [...byPath.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    positions: listOf,
    byPath,
    former,
  };
}
