// The history index: one streaming `git log` pass per repository gives every path its change list.
//
// View: first-parent. The last change of a path is the newest commit on the first-parent chain
// from the built commit that changed the path's bytes relative to its first parent, renames
// followed (`git log -1 --first-parent -- <path>`, with renames). Merge commits are diffed
// against their first parent (`--diff-merges=first-parent`), so a merged pull request is
// attributed to the merge commit that landed it. Order is the position in that walk
// (0 = newest), never dates: dates can be skewed.
import { isUtf8 } from 'node:buffer';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { Commit, ForgeLinks, Person } from '../model/history.ts';
import type { GitRepo } from '../git/repo.ts';
import { assertSha, GitError, RecordSplitter, runGit, streamGit, type GitFailure, type GitResult } from '../git/run.ts';
import { HistoryCommit, type CommitContext } from './commit.ts';
import { isBot, parseCoAuthorTrailers, type RawIdent } from './refs.ts';

export { splitMessage } from './commit.ts';

export interface HistoryIndex {
  /** The commit the walk started from; null for an empty repository. */
  readonly head: string | null;
  readonly commits: ReadonlyMap<string, Commit>;
  /** Position in the first-parent walk: 0 = newest. */
  readonly order: ReadonlyMap<string, number>;
  readonly shallow: { isShallow: boolean; boundary: readonly string[] };
  /** How renames were detected: `exact` after missing blobs forced a downgrade (see warnings). */
  readonly renameDetection: 'full' | 'exact' | 'none';
  /** When rename detection was downgraded: the commit from which (older) the weaker mode applies. */
  readonly renameDetectionDowngradedAt: string | null;
  /**
   * Commits that changed `path` (a path at the built commit; renames followed), newest first.
   * Never contains a shallow boundary commit (its diff shows every file as added).
   */
  changesOf(path: string): Commit[];
  /** Newest change of `path`, or null when unknown (untracked, or only the shallow boundary). */
  lastChange(path: string): Commit | null;
  /** True when the path's history reaches the shallow boundary: older changes are missing. */
  isTruncated(path: string): boolean;
  /** Earlier names of `path` (renames), newest first. */
  formerPaths(path: string): string[];
  /** Every path that has history (sorted). */
  paths(): string[];
  /** Positions (in walk order) of every commit that changed `path`, the shallow boundary included. */
  positions(path: string): readonly number[];
  /** Every path with history → its positions (as `positions`); every renamed path → its former names. */
  readonly byPath: ReadonlyMap<string, number[]>;
  readonly former: ReadonlyMap<string, string[]>;
}

export interface BuildHistoryOptions {
  /** Commit to walk from; defaults to `repo.head`. Full sha. */
  head?: string | null;
  /** Ticket key prefixes, e.g. `['LFE']`. */
  ticketPrefixes?: readonly string[];
  links?: ForgeLinks | null;
  diagnostics?: Diagnostics;
  repoId?: string;
  /** Rename detection to start with (`full` = `-M`); downgraded automatically when blobs are missing. */
  renames?: 'full' | 'exact' | 'none';
  /** Timeout of the log pass (default 30 min: it is one pass over the whole history). */
  timeoutMs?: number;
}

const FORMAT = '--format=%x1e%H%x1f%P%x1f%aN%x1f%aE%x1f%aI%x1f%cN%x1f%cE%x1f%cI%x1f%B%x1f';
const RS = 0x1e;
const US = 0x1f;
const NL = 0x0a;
const MISSING_OBJECT_RE = /unable to read|could not read|missing blob|bad object|object .* is missing/i;

const contactOf = (r: RawIdent): string => (r.name ? `${r.name} <${r.email}>` : `<${r.email}>`);

function renameFlag(mode: 'full' | 'exact' | 'none'): string {
  return mode === 'full' ? '-M' : mode === 'exact' ? '-M100%' : '--no-renames';
}

/** Mutable state of one walk; the index is a read-only view over it. */
export class Builder {
  readonly commits: HistoryCommit[] = [];
  // Filled as commits complete, while git is still writing: the walk waits on git anyway.
  readonly bySha = new Map<string, Commit>();
  readonly order = new Map<string, number>();
  /** Distinct `Co-authored-by` contacts (`Name <email>`), in order of first appearance. */
  readonly contacts = new Set<string>();
  readonly byPath = new Map<string, number[]>();
  readonly former = new Map<string, string[]>();
  readonly context: CommitContext;
  private readonly alias = new Map<string, string>();
  /** People by `name\x1femail`: one shared object per identity (most commits repeat a few). */
  private readonly people = new Map<string, Person>();
  // Entries of the commit being read; applied when complete (so a failed pass can resume cleanly).
  private pendingCommit: HistoryCommit | null = null;
  private readonly st: number[] = [];
  private readonly pa: string[] = [];
  private readonly pb: string[] = [];
  private readonly keys: string[] = [];
  /** Offsets of the 8 field separators of the header being read (reused: one header at a time). */
  private readonly fieldEnds: number[] = [0, 0, 0, 0, 0, 0, 0, 0];
  private expectPaths = 0;
  private curStatus = 0;
  badEncoding: string[] = [];

  constructor(ticketPrefixes: readonly string[], links: ForgeLinks | null) {
    // Co-authors resolve to themselves until the mailmap step installs its mapping.
    this.context = { ticketPrefixes, links, coAuthor: (r) => this.person(r.name, r.email) };
  }

  person(name: string, email: string): Person {
    return this.personByKey(`${name}\x1f${email}`, name, email);
  }

  /** The person whose `%aN%x1f%aE` bytes are `buf[s..e)`: one string decode per commit side. */
  private personAt(buf: Buffer, s: number, e: number): Person {
    const key = buf.toString('utf8', s, e);
    const p = this.people.get(key);
    if (p) return p;
    const sep = key.indexOf('\x1f');
    return this.personByKey(key, key.slice(0, sep), key.slice(sep + 1));
  }

  private personByKey(key: string, name: string, email: string): Person {
    let p = this.people.get(key);
    if (!p) {
      p = { name, email, bot: isBot(name, email) };
      this.people.set(key, p);
    }
    return p;
  }

  /** One NUL-terminated token of `git log -z --name-status` output. */
  token(buf: Buffer, s: number, e: number): void {
    if (this.expectPaths > 0) {
      const path = buf.toString('utf8', s, e);
      if (this.expectPaths === 2 || (this.curStatus !== 0x52 /* R */ && this.curStatus !== 0x43 /* C */)) this.pa.push(path);
      else this.pb.push(path);
      this.expectPaths--;
      if (this.expectPaths === 0 && this.pa.length > this.pb.length) this.pb.push('');
      return;
    }
    if (s < e && buf[s] === RS) {
      this.flush();
      this.header(buf, s + 1, e);
      return;
    }
    // A status token, the first of a commit preceded by a newline: `\nM`, `R100`, `D`.
    if (s < e && buf[s] === NL) s++;
    if (s >= e) return;
    const c = buf[s]!;
    this.curStatus = c;
    this.st.push(c);
    this.expectPaths = c === 0x52 || c === 0x43 ? 2 : 1;
  }

  /**
   * A commit header: `%H %P %aN %aE %aI %cN %cE %cI %B`, separated by US. Only what every commit
   * needs is decoded here; subject, body, refs, URL and parents are computed on first read.
   */
  private header(buf: Buffer, s: number, e: number): void {
    const f = this.fieldEnds;
    let pos = s;
    for (let k = 0; k < 8; k++) {
      const i = buf.indexOf(US, pos);
      if (i < 0 || i >= e) throw new Error('unexpected git log output (header fields)');
      f[k] = i;
      pos = i + 1;
    }
    // Shas and ISO dates are ASCII: latin1 is the cheapest exact decoding.
    const sha = buf.toString('latin1', s, f[0]!);
    const bodyEnd = e > pos && buf[e - 1] === US ? e - 1 : e;
    const message = buf.toString('utf8', pos, bodyEnd);
    // Invalid bytes decode to U+FFFD, so only then are the bytes checked (it may be written as is).
    if (message.includes('\uFFFD') && !isUtf8(buf.subarray(pos, bodyEnd))) this.badEncoding.push(sha);
    // Co-authors are parsed now (not lazily): mailmap maps them in one batch after the walk.
    const co = parseCoAuthorTrailers(message);
    this.pendingCommit = new HistoryCommit(this.context, {
      sha,
      parentsText: buf.toString('latin1', f[0]! + 1, f[1]!),
      author: this.personAt(buf, f[1]! + 1, f[3]!),
      committer: this.personAt(buf, f[4]! + 1, f[6]!),
      authoredAt: buf.toString('latin1', f[3]! + 1, f[4]!),
      committedAt: buf.toString('latin1', f[6]! + 1, f[7]!),
      message,
      rawCoAuthors: co.length > 0 ? co : null,
    });
  }

  /** Applies the pending commit: its index, then its path entries (renames update the alias map). */
  flush(): void {
    const commit = this.pendingCommit;
    if (!commit) return;
    const i = this.commits.length;
    this.commits.push(commit);
    this.bySha.set(commit.sha, commit);
    this.order.set(commit.sha, i);
    const raw = commit.rawCoAuthors;
    if (raw) for (const r of raw) this.contacts.add(contactOf(r));
    const { st, pa, pb, alias, keys } = this;
    keys.length = 0;
    for (let k = 0; k < st.length; k++) {
      const c = st[k]!;
      const p = c === 0x52 || c === 0x43 ? pb[k]! : pa[k]!;
      const key = alias.get(p) ?? p;
      keys.push(key);
      let list = this.byPath.get(key);
      if (!list) {
        list = [];
        this.byPath.set(key, list);
      }
      if (list[list.length - 1] !== i) list.push(i);
    }
    // Walking backwards: before this commit, added and rename-target names did not exist (yet).
    for (let k = 0; k < st.length; k++) {
      const c = st[k]!;
      if (c === 0x41 /* A */) alias.delete(pa[k]!);
      else if (c === 0x52 || c === 0x43) alias.delete(pb[k]!);
    }
    for (let k = 0; k < st.length; k++) {
      if (st[k] !== 0x52) continue;
      const key = keys[k]!;
      const from = pa[k]!;
      if (from !== key) alias.set(from, key);
      let names = this.former.get(key);
      if (!names) {
        names = [];
        this.former.set(key, names);
      }
      if (!names.includes(from) && from !== key) names.push(from);
    }
    this.reset();
  }

  /** Drops the commit being read (its entries may be incomplete) and returns its sha. */
  dropPending(): string | null {
    const sha = this.pendingCommit?.sha ?? null;
    this.reset();
    return sha;
  }

  private reset(): void {
    this.pendingCommit = null;
    this.st.length = 0;
    this.pa.length = 0;
    this.pb.length = 0;
    this.expectPaths = 0;
  }
}

async function walk(repo: GitRepo, builder: Builder, from: string, mode: 'full' | 'exact' | 'none', timeoutMs: number): Promise<GitFailure | null> {
  const args = ['log', '--first-parent', '--diff-merges=first-parent', '-z', '--no-color', '--no-abbrev', '--name-status', renameFlag(mode), FORMAT, from, '--'];
  const splitter = new RecordSplitter(0);
  const onToken = (buf: Buffer, s: number, e: number): void => builder.token(buf, s, e);
  try {
    for await (const chunk of streamGit(repo.ctx, args, { timeoutMs, spool: true })) splitter.push(chunk, onToken);
  } catch (err) {
    if (err instanceof GitError) return err.failure;
    throw err;
  }
  const rest = splitter.end();
  if (rest) builder.token(rest, 0, rest.length);
  builder.flush();
  return null;
}

/**
 * Applies `.mailmap` to co-author trailers in one `git check-mailmap --stdin` process. Installs
 * the mapping only; each commit resolves and de-duplicates its co-authors when first read.
 */
async function mailmapCoAuthors(repo: GitRepo, builder: Builder): Promise<GitResult<null>> {
  if (builder.contacts.size === 0) return { ok: true, value: null };
  const input = [...builder.contacts];
  const res = await runGit(repo.ctx, ['check-mailmap', '--stdin'], { input: input.join('\n') + '\n' });
  if (!res.ok) return res;
  const lines = res.value.toString('utf8').split('\n');
  const mapped = new Map<string, Person>();
  input.forEach((contact, k) => {
    const m = /^(.*?)\s*<([^<>]*)>$/.exec(lines[k] ?? '') ?? /^(.*?)\s*<([^<>]*)>$/.exec(contact);
    mapped.set(contact, builder.person(m?.[1] ?? '', m?.[2] ?? ''));
  });
  builder.context.coAuthor = (r) => mapped.get(contactOf(r))!;
  return { ok: true, value: null };
}

/**
 * Builds the history index of `repo` in one streaming first-parent `git log` pass.
 * Missing blobs (partial snapshots) downgrade rename detection to exact renames for the rest
 * of the walk, with one `W_RENAME_DETECTION_DEGRADED` warning, instead of failing.
 */
export async function buildHistoryIndex(repo: GitRepo, options: BuildHistoryOptions = {}): Promise<GitResult<HistoryIndex>> {
  const head = options.head === undefined ? repo.head : options.head;
  const links = options.links ?? null;
  const builder = new Builder(options.ticketPrefixes ?? [], links);
  let mode = options.renames ?? 'full';
  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  const extra = { repo: options.repoId };
  let downgradedAt: string | null = null;

  if (head !== null) {
    let from = assertSha(head);
    for (;;) {
      const failure = await walk(repo, builder, from, mode, timeoutMs);
      if (!failure) break;
      if (mode === 'none' || !MISSING_OBJECT_RE.test(failure.stderr)) return { ok: false, error: failure };
      // The commit being read when git died is re-read with the weaker detection.
      const resume = builder.dropPending();
      const next = mode === 'full' ? 'exact' : 'none';
      options.diagnostics?.warn(
        'W_RENAME_DETECTION_DEGRADED',
        `git could not read some file contents (${failure.stderr.trim().split('\n')[0]}); renames older than ${resume ?? from} are followed only when ${next === 'exact' ? 'the content is unchanged' : 'never'}`,
        { ...extra, hint: 'The clone lacks some blobs (a partial snapshot or large files left out); a full clone restores similarity-based rename detection.' },
      );
      mode = next;
      if (resume) from = resume;
      downgradedAt = from;
    }
    const mm = await mailmapCoAuthors(repo, builder);
    if (!mm.ok) return mm;
  }

  if (builder.badEncoding.length > 0) {
    options.diagnostics?.warn(
      'W_GIT_MESSAGE_ENCODING',
      `${builder.badEncoding.length} commit message(s) are not valid UTF-8 (first: ${builder.badEncoding[0]}); invalid bytes are shown as U+FFFD`,
      { ...extra, hint: 'Set i18n.commitEncoding when committing in another encoding.' },
    );
  }

  const { commits, order, bySha } = builder;
  const boundary = new Set<number>();
  for (const sha of repo.shallowCommits) {
    const i = order.get(sha);
    if (i !== undefined) boundary.add(i);
  }
  const { byPath, former } = builder;
  const listOf = (path: string): number[] => byPath.get(path) ?? [];
  if (repo.isShallow) {
    options.diagnostics?.warn(
      'W_GIT_SHALLOW',
      `the repository is a shallow clone (${commits.length} commits available); files whose history reaches the clone boundary have unknown provenance`,
      { ...extra, hint: 'Clone with full history (actions/checkout: fetch-depth: 0), or a blobless clone (--filter=blob:none).' },
    );
  }

  const index: HistoryIndex = {
    head,
    commits: bySha,
    order,
    shallow: { isShallow: repo.isShallow, boundary: [...repo.shallowCommits].sort() },
    renameDetection: mode,
    renameDetectionDowngradedAt: downgradedAt,
    changesOf(path) {
      const out: Commit[] = [];
      for (const i of listOf(path)) if (!boundary.has(i)) out.push(commits[i]!);
      return out;
    },
    lastChange(path) {
      const first = listOf(path)[0];
      return first === undefined || boundary.has(first) ? null : commits[first]!;
    },
    isTruncated(path) {
      return boundary.size > 0 && listOf(path).some((i) => boundary.has(i));
    },
    formerPaths(path) {
      return [...(former.get(path) ?? [])];
    },
    paths() {
      return [...byPath.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    },
    positions: listOf,
    byPath,
    former,
  };
  return { ok: true, value: index };
}
