// The walk of one log pass (log-blame.ts): each file's unattributed lines, mapped into the line
// numbers of the commit being walked, newest to oldest. A commit's hunks attribute the lines they
// add and move the others into the parent; a file's creation takes every line left. Steps where
// a file appears (added, or renamed by git log) are recorded for rename-check.ts.
import type { PatchCommit, RawEntry } from './patch-stream.ts';
import type { RenameStep } from './rename-check.ts';

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

/** One file being blamed. */
export interface Target {
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
export interface Entry {
  target: Target;
  start: string;
}

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

/** One pass: applies each commit of the log to the targets at its paths. */
export class Walk {
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
