// Section provenance in one pass: the commit that last changed every line of many files,
// identical to `git blame --first-parent`, from one streaming `git log -p --first-parent` over
// those files (and their former names) instead of one `git blame` process per file.
//
// How: walking newest to oldest, each file keeps its still-unattributed lines mapped into the
// current commit's line numbers. A commit's hunks attribute the lines they add; the other lines
// move through the hunk offsets into the parent; a file's creation takes every remaining line.
// The diff is git blame's own (Myers, indent heuristic, no context so the common tail is trimmed
// as blame trims it), so line attribution is exact by construction. The pass stops as soon as
// every line is attributed.
//
// What a pathspec-limited `git log -M` cannot see is which file `git blame` continues from when
// a file appears at a commit: blame searches the whole tree for a rename source of that one
// file. Every such step is checked afterwards (rename-check.ts). Where git continues elsewhere,
// the file resumes from git's answer for that step in one more pass over the files concerned
// (a few rounds at most). A file whose history cannot be read, or that an ignored revision
// touched, is blamed by `git blame` itself; both are counted in the stats.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GitRepo } from '../git/repo.ts';
import { assertSha, GitError, isSha, runGit, streamGit, type GitFailure } from '../git/run.ts';
import { gitBlame, type PorcelainBlame } from './git-blame.ts';
import { parseHunks, PatchStreamError, PatchStreamParser, type PatchCommit, type RawEntry } from './patch-stream.ts';
import { checkRenameSteps, type RenameStep, type StepMismatch } from './rename-check.ts';

export interface LogBlameFile {
  /** Path at the built commit. */
  path: string;
  /** Blob id at the built commit, when known (saves a tree lookup). */
  blob?: string;
  /** Earlier names (renames), newest first, e.g. from the history index: fewer rounds. */
  formerPaths?: readonly string[];
}

export interface LogBlameOptions {
  /** The built commit. */
  head: string;
  files: readonly LogBlameFile[];
  /** Revisions to skip like `git blame --ignore-revs-file` (full shas). */
  ignoreRevs?: readonly string[];
  /** Timeout of each log pass (default 30 min) and of each git blame (default 2 min). */
  timeoutMs?: number;
  blameTimeoutMs?: number;
  /** Parallel `git blame` processes for checks and fallbacks (default 2). */
  concurrency?: number;
}

export interface LineBlame {
  path: string;
  blob: string;
  /** `lines[i]`: the commit that last changed line i + 1 (ignored revisions skipped). */
  lines: string[];
  /** The same without skipping ignored revisions, when that changes some line. */
  unignored?: string[];
  /** Computed by the one-pass engine, or by `git blame` (fallback, ignored revisions). */
  via: 'log' | 'git';
}

export interface LogBlameFallback {
  path: string;
  reason: string;
}

export interface LogBlameStats {
  files: number;
  lines: number;
  /** Log passes run: 1, plus one per round of files resumed where git continued elsewhere. */
  passes: number;
  /** Commits read over all passes (each stops once every line is attributed). */
  commits: number;
  /** Restarts of a pass after git failed (missing blobs in a partial clone). */
  restarts: number;
  /** Steps where a file appears at a commit, checked: by tree or content, by one-step git blame. */
  steps: { total: number; byTree: number; byBlame: number; resumed: number };
  /** Files blamed by `git blame` because the engine could not guarantee git's answer. */
  fallbacks: LogBlameFallback[];
  /** Files blamed again with `--ignore-revs-file` because an ignored revision changed some of their lines. */
  ignoreRevFiles: number;
  /** Wall time of each phase, ms (benchmarks; never in output). */
  ms: { setup: number; log: number; steps: number; git: number };
}

export interface LogBlameResult {
  blames: Map<string, LineBlame>;
  /** Files no blame could be computed for (e.g. blobs missing from a partial clone). */
  failures: Map<string, GitFailure>;
  stats: LogBlameStats;
}

/** One file being blamed. */
interface Target {
  path: string;
  blob: string;
  /** Path at the commit being walked. */
  cur: string;
  /** Final line numbers (1-based) of the unattributed lines, ascending. */
  fin: Int32Array;
  /** Their line numbers at the commit being walked (same order, ascending too). */
  pos: Int32Array;
  n: number;
  shas: string[];
  /** Why this file goes to `git blame`, once known. */
  fallback: string | null;
  /** An ignored revision attributed some of its lines. */
  ignoredTouched: boolean;
}

/** A target entering a pass at a commit (its first commit to apply is `start` itself). */
interface Entry {
  target: Target;
  start: string;
}

const LOG_FORMAT = '--format=%x1e%H%x1f%P';
/** Every option that shapes the diff is explicit: no repository or user config changes it. */
const LOG_DIFF_OPTIONS: readonly string[] = [
  '--first-parent', '--diff-merges=first-parent', '--root', '--no-follow',
  '-z', '--raw', '-p', '-U0', '--inter-hunk-context=0', '--no-color', '--no-ext-diff', '--no-textconv', '--text',
  '--no-abbrev', '--full-index', '--diff-algorithm=myers', '--indent-heuristic', '--submodule=short', '--no-relative',
  '-O/dev/null', '--src-prefix=a/', '--dst-prefix=b/',
];
/** The same diff for two blobs (`git diff <blob> <blob>`). */
const BLOB_DIFF_OPTIONS: readonly string[] = [
  '-U0', '--inter-hunk-context=0', '--no-color', '--no-ext-diff', '--no-textconv', '--text', '--diff-algorithm=myers',
  '--indent-heuristic', '--no-relative', '--src-prefix=a/', '--dst-prefix=b/',
];
const MISSING_OBJECT_RE = /unable to read|could not read|missing blob|bad object|object .* is missing|no such path/i;
const MAX_RESTARTS = 20;
const MAX_ROUNDS = 8;

/** Lines of a blob as blame counts them: a last line without newline still counts. */
export function countLines(content: Buffer): number {
  if (content.length === 0) return 0;
  let n = 0;
  let i = -1;
  while ((i = content.indexOf(0x0a, i + 1)) >= 0) n++;
  return content[content.length - 1] === 0x0a ? n : n + 1;
}

/**
 * Maps line numbers of a commit's version of a file into its parent's through the hunks of
 * their diff (flat quadruples oldStart, oldCount, newStart, newCount): `out[i]` is the parent's
 * line number of `pos[i]`, or -1 when the diff adds that line. `pos` must be ascending.
 */
export function mapLines(hunks: readonly number[], pos: Int32Array, n: number, out: Int32Array): void {
  let k = 0;
  let delta = 0;
  const H = hunks.length;
  for (let i = 0; i < n; i++) {
    const line = pos[i]!;
    let inHunk = false;
    while (k < H) {
      const oldCount = hunks[k + 1]!;
      const start = hunks[k + 2]!;
      const newCount = hunks[k + 3]!;
      // A hunk adding no line sits after line `start`; otherwise it covers start..start+n-1.
      if (newCount > 0 ? line > start + newCount - 1 : line > start) {
        delta += oldCount - newCount;
        k += 4;
        continue;
      }
      inHunk = newCount > 0 && line >= start;
      break;
    }
    out[i] = inHunk ? -1 : line + delta;
  }
}

/** Line counts of blobs, streamed through one `git cat-file --batch` (null: missing). */
async function lineCounts(repo: GitRepo, blobs: readonly string[], timeoutMs: number): Promise<Map<string, number | null>> {
  const unique = [...new Set(blobs)];
  const out = new Map<string, number | null>();
  if (unique.length === 0) return out;
  let header: Buffer | null = null;
  let left = -1; // bytes of the current object still to read, its trailing newline included
  let count = 0;
  let last = 0x0a;
  let k = 0;
  for await (const chunk of streamGit(repo.ctx, ['cat-file', '--batch'], { input: unique.join('\n') + '\n', timeoutMs })) {
    let pos = 0;
    while (pos < chunk.length) {
      if (left < 0) {
        const nl = chunk.indexOf(0x0a, pos);
        if (nl < 0) {
          header = header ? Buffer.concat([header, chunk.subarray(pos)]) : Buffer.from(chunk.subarray(pos));
          break;
        }
        const line = (header ? Buffer.concat([header, chunk.subarray(pos, nl)]) : chunk.subarray(pos, nl)).toString('latin1');
        header = null;
        pos = nl + 1;
        const id = unique[k++]!;
        if (line.endsWith(' missing') || line.endsWith(' ambiguous')) {
          out.set(id, null);
          continue;
        }
        left = Number(line.split(' ')[2]) + 1;
        count = 0;
        last = 0x0a;
        continue;
      }
      const take = Math.min(left, chunk.length - pos);
      const content = Math.min(take, left - 1);
      if (content > 0) {
        const end = pos + content;
        let i = pos - 1;
        while ((i = chunk.indexOf(0x0a, i + 1)) >= 0 && i < end) count++;
        last = chunk[end - 1]!;
      }
      left -= take;
      pos += take;
      if (left === 0) {
        out.set(unique[k - 1]!, last === 0x0a ? count : count + 1);
        left = -1;
      }
    }
  }
  return out;
}

/** Blob ids of `paths` at `sha` (one `ls-tree` over the whole tree). */
async function blobsAt(repo: GitRepo, sha: string, paths: ReadonlySet<string>): Promise<Map<string, string>> {
  const r = await runGit(repo.ctx, ['ls-tree', '-r', '-z', '--full-tree', sha]);
  if (!r.ok) throw new GitError(r.error);
  const out = new Map<string, string>();
  for (const rec of r.value.toString('utf8').split('\0')) {
    const tab = rec.indexOf('\t');
    if (tab < 0) continue;
    const path = rec.slice(tab + 1);
    if (!paths.has(path)) continue;
    const [, type, blob] = rec.slice(0, tab).split(' ');
    if (type === 'blob' && blob) out.set(path, blob);
  }
  return out;
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/** One pass: applies each commit of the log to the targets at its paths. */
class Walk {
  readonly byPath = new Map<string, Target[]>();
  readonly steps: RenameStep[] = [];
  /** Targets waiting for their start commit, by position in the first-parent chain (ascending). */
  private readonly waiting: { target: Target; at: number }[];
  private readonly order: ReadonlyMap<string, number> | null;
  live = 0;
  commits = 0;
  /** The last commit applied completely (a restart resumes after it). */
  lastApplied: PatchCommit | null = null;
  private readonly ignored: ReadonlySet<string>;
  /** Scratch buffer for line mapping (reused across commits). */
  private mapped = new Int32Array(1024);

  /** `order` (first-parent positions) is needed when entries start at different commits. */
  constructor(entries: readonly Entry[], order: ReadonlyMap<string, number> | null, ignored: ReadonlySet<string>) {
    this.ignored = ignored;
    this.order = order;
    this.waiting = [];
    for (const e of entries) {
      if (e.target.n === 0) continue;
      const at = order ? (order.get(e.start) ?? Number.MAX_SAFE_INTEGER) : 0;
      this.waiting.push({ target: e.target, at });
    }
    this.waiting.sort((a, b) => b.at - a.at); // popped from the end: nearest start first
    this.live = this.waiting.length;
    if (!order) this.admit(0);
  }

  private admit(position: number): void {
    const w = this.waiting;
    while (w.length > 0 && w[w.length - 1]!.at <= position) this.add(w.pop()!.target);
  }

  private add(t: Target): void {
    const list = this.byPath.get(t.cur);
    if (list) list.push(t);
    else this.byPath.set(t.cur, [t]);
  }

  private detach(t: Target): void {
    const list = this.byPath.get(t.cur);
    if (!list) return;
    const i = list.indexOf(t);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byPath.delete(t.cur);
  }

  /** Every line of `t` is attributed (or it gave up). */
  private finish(t: Target): void {
    this.detach(t);
    t.n = 0;
    this.live--;
  }

  /** Gives up on the targets still walking or waiting (they go to git blame). */
  dropAll(reason: string, path?: string): void {
    for (const [p, list] of [...this.byPath]) {
      if (path !== undefined && p !== path) continue;
      for (const t of [...list]) {
        t.fallback ??= reason;
        this.finish(t);
      }
    }
    if (path !== undefined) return;
    for (const w of this.waiting.splice(0)) {
      w.target.fallback ??= reason;
      w.target.n = 0;
      this.live--;
    }
  }

  wants(e: RawEntry): boolean {
    // Waiting targets may start at this very commit: collect hunks of any pathspec entry then.
    return e.status !== 'D' && (this.byPath.has(e.dstPath) || this.waiting.length > 0);
  }

  commit(c: PatchCommit): void {
    this.commits++;
    if (this.order && this.waiting.length > 0) this.admit(this.order.get(c.sha) ?? Number.MAX_SAFE_INTEGER);
    const root = c.parents.length === 0;
    for (const e of c.entries) {
      if (e.status === 'D') continue;
      const list = this.byPath.get(e.dstPath);
      if (!list) continue;
      for (const t of [...list]) this.apply(t, c, e, root);
    }
    this.lastApplied = c;
  }

  private apply(t: Target, c: PatchCommit, e: RawEntry, root: boolean): void {
    const { sha } = c;
    if (e.status === 'A' || e.status === 'T' || root) {
      // A root or shallow-boundary commit has no parent: git blame keeps every line there. A
      // file added in a commit with a parent: git blame looks for a rename source in the whole
      // tree, which this pass cannot see (checked afterwards). A type change is never a rename.
      if (e.status === 'A' && !root) this.record(t, c, e, null, null);
      for (let i = 0; i < t.n; i++) t.shas[t.fin[i]! - 1] = sha;
      this.finish(t);
      return;
    }
    const renamed = e.status === 'R';
    const before = renamed ? t.pos.slice(0, t.n) : null;
    const fin = renamed ? t.fin.slice(0, t.n) : null;
    const after = this.mapped.length >= t.n ? this.mapped : (this.mapped = new Int32Array(Math.max(t.n, 2 * this.mapped.length)));
    mapLines(e.hunks ?? [], t.pos, t.n, after);
    const ignored = this.ignored.has(sha);
    let w = 0;
    for (let i = 0; i < t.n; i++) {
      const to = after[i]!;
      if (to === -1) {
        t.shas[t.fin[i]! - 1] = sha;
        if (ignored) t.ignoredTouched = true;
      } else {
        t.pos[w] = to;
        t.fin[w] = t.fin[i]!;
        w++;
      }
    }
    if (renamed) this.record(t, c, e, { before: before!, fin: fin! }, after.slice(0, before!.length));
    if (w === 0) {
      this.finish(t);
      return;
    }
    t.n = w;
    if (renamed && e.srcPath !== t.cur) {
      this.detach(t);
      t.cur = e.srcPath;
      this.add(t);
    }
  }

  private record(t: Target, c: PatchCommit, e: RawEntry, lines: { before: Int32Array; fin: Int32Array } | null, after: Int32Array | null): void {
    this.steps.push({
      target: t,
      commit: c.sha,
      parent: c.parents[0]!,
      path: e.dstPath,
      dstBlob: e.dstBlob,
      dstMode: e.dstMode,
      source: e.status === 'R' ? e.srcPath : null,
      before: lines ? lines.before : t.pos.slice(0, t.n),
      fin: lines ? lines.fin : t.fin.slice(0, t.n),
      after: after ?? new Int32Array(t.n).fill(-1),
    });
  }
}

interface PassFailure {
  failure: GitFailure;
  /** The commit being read when git failed (not applied). */
  pending: PatchCommit | null;
  parseError?: string;
}

async function runLogPass(repo: GitRepo, walk: Walk, from: string, paths: string[], renames: boolean, timeoutMs: number): Promise<PassFailure | null> {
  const parser = new PatchStreamParser({ wants: (e) => walk.wants(e), commit: (c) => walk.commit(c) });
  const args = ['log', ...LOG_DIFF_OPTIONS, renames ? '-M' : '--no-renames', LOG_FORMAT, '--stdin'];
  // Revision and pathspecs on stdin: no argv limit, nothing in option position.
  const input = `${from}\n--\n${paths.join('\n')}\n`;
  try {
    // A pipe, not the spool: this parser keeps up with git, and polling a spool file while git
    // computes diffs cost more CPU than the parse itself.
    for await (const chunk of streamGit(repo.ctx, args, { input, timeoutMs })) {
      parser.push(chunk);
      if (walk.live === 0) break; // every line is attributed: stop git
    }
    if (walk.live > 0) parser.end();
  } catch (err) {
    if (err instanceof GitError) {
      const pending = parser.pending;
      parser.reset();
      return { failure: err.failure, pending };
    }
    if (err instanceof PatchStreamError) {
      return { failure: { code: 'E_GIT_FAILED', message: err.message, command: 'log', exitCode: null, stderr: '' }, pending: null, parseError: `unexpected git log output: ${err.message}` };
    }
    throw err;
  }
  return null;
}

/**
 * One pass over `paths` from `from`, resumed after git failures: a blob missing from a partial
 * clone takes its paths out of the pass (files there go to git blame); a failure before a
 * commit was printed (rename detection) resumes without rename detection. A commit applies only
 * once complete, so a resumed pass never applies one twice.
 */
async function runPasses(repo: GitRepo, walk: Walk, from: string, pathspec: Set<string>, timeoutMs: number, stats: LogBlameStats): Promise<void> {
  let renames = true;
  for (let attempt = 0; walk.live > 0; attempt++) {
    const failed = await runLogPass(repo, walk, from, [...pathspec], renames, timeoutMs);
    if (!failed) break;
    stats.restarts++;
    const { failure, pending } = failed;
    if (failed.parseError || attempt >= MAX_RESTARTS || !MISSING_OBJECT_RE.test(failure.stderr)) {
      walk.dropAll(failed.parseError ?? `git log failed: ${failure.message}`);
      break;
    }
    const oid = /\b([0-9a-f]{40}|[0-9a-f]{64})\b/.exec(failure.stderr)?.[1];
    const culprit = pending?.entries.find((e) => e.srcBlob === oid || e.dstBlob === oid);
    if (pending && culprit) {
      for (const p of [culprit.srcPath, culprit.dstPath]) {
        if (p === '') continue;
        pathspec.delete(p);
        walk.dropAll(`git could not read ${p} at ${pending.sha} (${failure.message})`, p);
      }
      from = pending.sha;
    } else {
      renames = false;
      const next = walk.lastApplied ? walk.lastApplied.parents[0] : (pending?.sha ?? from);
      if (next === undefined) break;
      from = next;
    }
  }
  walk.dropAll('the log pass ended before the file was created');
}

/** First-parent positions from `head` (0 = head), for passes whose files start at different commits. */
async function firstParentOrder(repo: GitRepo, head: string, timeoutMs: number): Promise<Map<string, number>> {
  const r = await runGit(repo.ctx, ['rev-list', '--first-parent', head], { timeoutMs });
  if (!r.ok) throw new GitError(r.error);
  const order = new Map<string, number>();
  let i = 0;
  for (const line of r.value.toString('latin1').split('\n')) if (line !== '') order.set(line, i++);
  return order;
}

/** Hunks of the diff between two blobs, with the log pass's diff options. */
async function diffBlobs(repo: GitRepo, from: string, to: string, timeoutMs: number): Promise<number[]> {
  const r = await runGit(repo.ctx, ['diff', ...BLOB_DIFF_OPTIONS, assertSha(from), assertSha(to)], { timeoutMs });
  if (!r.ok) throw new Error(`could not diff ${from} and ${to}: ${r.error.message}`);
  return parseHunks(r.value);
}

/**
 * Hunks from each step's rename source to its file, for many steps in one `git log --no-walk`
 * over just those commits and paths: with only its own source and destination in the pathspec
 * git log pairs them (the source git blame picked scores >= 50%). Several steps of one commit
 * share its pathspec, so git may still pair them otherwise; those are missing from the result.
 */
async function diffSteps(repo: GitRepo, steps: readonly { step: RenameStep; source: string }[], timeoutMs: number): Promise<Map<RenameStep, number[]>> {
  const out = new Map<RenameStep, number[]>();
  if (steps.length === 0) return out;
  const wanted = new Map<string, RenameStep>();
  const paths = new Set<string>();
  for (const { step, source } of steps) {
    if (source.includes('\n') || step.path.includes('\n')) continue;
    wanted.set(`${step.commit}\0${source}\0${step.path}`, step);
    paths.add(source).add(step.path);
  }
  const commits = [...new Set(steps.map((s) => s.step.commit))];
  const parser = new PatchStreamParser({
    wants: (e) => e.status === 'R',
    commit: (c) => {
      for (const e of c.entries) {
        const step = e.status === 'R' ? wanted.get(`${c.sha}\0${e.srcPath}\0${e.dstPath}`) : undefined;
        if (step && e.hunks) out.set(step, e.hunks);
      }
    },
  });
  const args = ['log', '--no-walk=unsorted', ...LOG_DIFF_OPTIONS, '-M', LOG_FORMAT, '--stdin'];
  try {
    for await (const chunk of streamGit(repo.ctx, args, { input: `${commits.join('\n')}\n--\n${[...paths].join('\n')}\n`, timeoutMs })) parser.push(chunk);
    parser.end();
  } catch (err) {
    if (!(err instanceof GitError) && !(err instanceof PatchStreamError)) throw err;
    // Whatever was read is right; the rest is diffed one by one.
  }
  return out;
}

/**
 * Where git continues at a mismatched step: attributes the lines git keeps at the commit and
 * returns the entry resuming the others at the parent, or null when none remain. Throws when
 * git's answer cannot be used (the file then goes to git blame).
 */
async function resume(repo: GitRepo, step: RenameStep, mismatch: StepMismatch, hunks: number[] | undefined, timeoutMs: number): Promise<Entry | null> {
  const t = step.target as Target;
  const answer = mismatch.answer;
  const keep = (i: number): void => {
    t.shas[step.fin[i]! - 1] = step.commit;
  };
  let path: string | null = null;
  const fin: number[] = [];
  const pos: number[] = [];
  if (answer.kind === 'unknown') throw new Error(mismatch.reason);
  if (answer.kind === 'created') {
    for (let i = 0; i < step.fin.length; i++) keep(i);
    return null;
  }
  if (answer.kind === 'source') {
    const out = new Int32Array(step.before.length);
    mapLines(hunks ?? (await diffBlobs(repo, answer.blob, step.dstBlob, timeoutMs)), step.before, step.before.length, out);
    path = answer.path;
    for (let i = 0; i < out.length; i++) {
      if (out[i] === -1) keep(i);
      else {
        fin.push(step.fin[i]!);
        pos.push(out[i]!);
      }
    }
  } else {
    const b = answer.blame;
    for (let i = 0; i < step.before.length; i++) {
      const line = step.before[i]!;
      const sha = b.shas[line - 1];
      if (sha === step.commit) keep(i);
      else if (sha === step.parent && (path === null || path === b.paths[line - 1])) {
        path = b.paths[line - 1]!;
        fin.push(step.fin[i]!);
        pos.push(b.orig[line - 1]!);
      } else throw new Error(`git blame of ${step.path} at ${step.commit} gives an answer the walk cannot resume from`);
    }
  }
  if (fin.length === 0 || path === null) return null;
  for (let i = 1; i < pos.length; i++) if (pos[i]! <= pos[i - 1]!) throw new Error(`git blame of ${step.path} at ${step.commit} reorders lines`);
  t.cur = path;
  t.fin = Int32Array.from(fin);
  t.pos = Int32Array.from(pos);
  t.n = fin.length;
  return { target: t, start: step.parent };
}

/**
 * Blames `files` at `head` like `git blame --first-parent` (and `--ignore-revs-file` for
 * `ignoreRevs`). Never throws for git failures: files that cannot be blamed are in `failures`.
 */
export async function logBlame(repo: GitRepo, options: LogBlameOptions): Promise<LogBlameResult> {
  const head = assertSha(options.head);
  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  const blameTimeoutMs = options.blameTimeoutMs ?? 120_000;
  const concurrency = options.concurrency ?? 2;
  const ignored = new Set((options.ignoreRevs ?? []).filter(isSha));
  const stats: LogBlameStats = {
    files: 0, lines: 0, passes: 0, commits: 0, restarts: 0,
    steps: { total: 0, byTree: 0, byBlame: 0, resumed: 0 },
    fallbacks: [], ignoreRevFiles: 0, ms: { setup: 0, log: 0, steps: 0, git: 0 },
  };
  let t0 = performance.now();
  const lap = (key: keyof LogBlameStats['ms']): void => {
    const t = performance.now();
    stats.ms[key] += Math.round(t - t0);
    t0 = t;
  };
  const blames = new Map<string, LineBlame>();
  const failures = new Map<string, GitFailure>();

  const files = [...new Map(options.files.map((f) => [f.path, f])).values()];
  const unknownBlob = new Set(files.filter((f) => f.blob === undefined || !isSha(f.blob)).map((f) => f.path));
  let known = new Map<string, string>();
  if (unknownBlob.size > 0) {
    try {
      known = await blobsAt(repo, head, unknownBlob);
    } catch (err) {
      if (!(err instanceof GitError)) throw err;
      for (const f of files) failures.set(f.path, err.failure);
      return { blames, failures, stats };
    }
  }
  const targets: Target[] = [];
  for (const f of files) {
    const blob = f.blob !== undefined && isSha(f.blob) ? f.blob : known.get(f.path);
    if (blob === undefined) {
      failures.set(f.path, { code: 'E_GIT_FAILED', message: `${f.path} is not a file at ${head}`, command: 'ls-tree', exitCode: null, stderr: '' });
      continue;
    }
    targets.push({ path: f.path, blob, cur: f.path, fin: new Int32Array(0), pos: new Int32Array(0), n: 0, shas: [], fallback: null, ignoredTouched: false });
  }

  let counts = new Map<string, number | null>();
  try {
    counts = await lineCounts(repo, targets.map((t) => t.blob), blameTimeoutMs);
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
  }
  for (const t of targets) {
    const n = counts.get(t.blob);
    stats.files++;
    if (n === undefined || n === null) {
      t.fallback = 'its content could not be read';
      continue;
    }
    stats.lines += n;
    t.n = n;
    t.fin = new Int32Array(n);
    t.pos = new Int32Array(n);
    for (let i = 0; i < n; i++) t.fin[i] = t.pos[i] = i + 1;
    t.shas = new Array<string>(n);
    // Pathspecs go to git one per line: a path with a newline is blamed by git alone.
    if (t.path.includes('\n')) t.fallback = 'its path contains a newline';
  }
  lap('setup');

  // Round 1 walks every file from head, with its former names; later rounds resume the files
  // git continued elsewhere, from the commit where it did.
  let entries: Entry[] = targets.filter((t) => t.fallback === null && t.n > 0).map((t) => ({ target: t, start: head }));
  const former = new Map(files.map((f) => [f.path, f.formerPaths ?? []]));
  let order: Map<string, number> | null = null;
  for (let round = 0; entries.length > 0; round++) {
    if (round >= MAX_ROUNDS) {
      for (const e of entries) e.target.fallback ??= `still resuming after ${MAX_ROUNDS} passes`;
      break;
    }
    if (round > 0) order ??= await firstParentOrder(repo, head, timeoutMs).catch(() => null);
    if (round > 0 && !order) {
      for (const e of entries) e.target.fallback ??= 'the first-parent history could not be read';
      break;
    }
    const pathspec = new Set<string>();
    for (const { target } of entries) {
      pathspec.add(target.cur);
      if (round === 0) for (const p of former.get(target.path) ?? []) if (!p.includes('\n')) pathspec.add(p);
    }
    const from = round === 0 ? head : entries.reduce((a, e) => (order!.get(e.start)! < order!.get(a)! ? e.start : a), entries[0]!.start);
    const walk = new Walk(entries, round === 0 ? null : order, ignored);
    stats.passes++;
    await runPasses(repo, walk, from, pathspec, timeoutMs, stats);
    stats.commits += walk.commits;
    lap('log');

    const steps = walk.steps.filter((s) => (s.target as Target).fallback === null);
    stats.steps.total += steps.length;
    const checked = await checkRenameSteps(repo, steps, { concurrency, timeoutMs: blameTimeoutMs });
    stats.steps.byTree += checked.byTree;
    stats.steps.byBlame += checked.byBlame;
    entries = [];
    const sourced = [...checked.mismatches].flatMap(([step, m]) => (m.answer.kind === 'source' ? [{ step, source: m.answer.path }] : []));
    const hunks = await diffSteps(repo, sourced, timeoutMs);
    await pool([...checked.mismatches], concurrency, async ([step, mismatch]) => {
      const t = step.target as Target;
      if (t.fallback !== null) return;
      try {
        const next = await resume(repo, step, mismatch, hunks.get(step), blameTimeoutMs);
        stats.steps.resumed++;
        if (next) entries.push(next);
      } catch (err) {
        t.fallback = err instanceof Error ? err.message : String(err);
      }
    });
    lap('steps');
  }

  // Files git must blame: fallbacks, and files an ignored revision touched.
  let ignoreFile: { dir: string; file: string } | null = null;
  if (ignored.size > 0 && targets.some((t) => t.ignoredTouched || t.fallback !== null)) {
    const dir = await mkdtemp(join(tmpdir(), 'livewiki-ignore-revs-'));
    const file = join(dir, 'ignore-revs');
    await writeFile(file, [...ignored].sort().join('\n') + '\n', { mode: 0o600 });
    ignoreFile = { dir, file };
  }
  try {
    const jobs: { t: Target; ignore: boolean }[] = [];
    for (const t of targets) {
      if (t.fallback !== null) {
        stats.fallbacks.push({ path: t.path, reason: t.fallback });
        jobs.push({ t, ignore: false });
      }
      if (ignoreFile && (t.ignoredTouched || t.fallback !== null)) jobs.push({ t, ignore: true });
    }
    const plain = new Map<Target, PorcelainBlame>();
    const withIgnore = new Map<Target, PorcelainBlame>();
    await pool(jobs, concurrency, async ({ t, ignore }) => {
      const r = await gitBlame(repo, head, t.path, { timeoutMs: blameTimeoutMs, ignoreRevsFile: ignore ? ignoreFile!.file : undefined });
      if (!r.ok) failures.set(t.path, r.error);
      else (ignore ? withIgnore : plain).set(t, r.value);
    });
    for (const t of targets) {
      if (failures.has(t.path)) continue;
      const base = t.fallback === null ? t.shas : plain.get(t)?.shas;
      if (!base) continue;
      const withIg = withIgnore.get(t)?.shas;
      if (withIg) stats.ignoreRevFiles++;
      const differs = withIg !== undefined && withIg.some((s, i) => s !== base[i]);
      blames.set(t.path, {
        path: t.path,
        blob: t.blob,
        lines: withIg ?? base,
        ...(differs ? { unignored: base } : {}),
        via: t.fallback === null && !withIg ? 'log' : 'git',
      });
    }
  } finally {
    if (ignoreFile) await rm(ignoreFile.dir, { recursive: true, force: true });
  }
  lap('git');
  return { blames, failures, stats };
}
