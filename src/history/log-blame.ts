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
import { diffSteps, firstParentOrder, resume, runPasses } from './blame-passes.ts';
import { Walk, type Entry, type LogBlameStats, type Target } from './blame-walk.ts';
import { gitBlame, type PorcelainBlame } from './git-blame.ts';
import { checkRenameSteps } from './rename-check.ts';

export { countLines, mapLines, type LogBlameFallback, type LogBlameStats } from './blame-walk.ts';

const MAX_ROUNDS = 8;

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

export interface LogBlameResult {
  blames: Map<string, LineBlame>;
  /** Files no blame could be computed for (e.g. blobs missing from a partial clone). */
  failures: Map<string, GitFailure>;
  stats: LogBlameStats;
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
