// The log passes of the one-pass blame engine (log-blame.ts), and resuming a file where git
// blame continues from another file than git log did. Every diff option is explicit, so no
// repository or user config changes a diff; revisions and pathspecs go to git on stdin.
import type { GitRepo } from '../git/repo.ts';
import { assertSha, GitError, runGit, streamGit, type GitFailure } from '../git/run.ts';
import { mapLines, type Entry, type LogBlameStats, type Target, type Walk } from './blame-walk.ts';
import { parseHunks, PatchStreamError, PatchStreamParser, type PatchCommit } from './patch-stream.ts';
import type { RenameStep, StepMismatch } from './rename-check.ts';

export const LOG_FORMAT = '--format=%x1e%H%x1f%P';
/** Every option that shapes the diff is explicit: no repository or user config changes it. */
export const LOG_DIFF_OPTIONS: readonly string[] = [
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
export async function runPasses(repo: GitRepo, walk: Walk, from: string, pathspec: Set<string>, timeoutMs: number, stats: LogBlameStats): Promise<void> {
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
export async function firstParentOrder(repo: GitRepo, head: string, timeoutMs: number): Promise<Map<string, number>> {
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
export async function diffSteps(repo: GitRepo, steps: readonly { step: RenameStep; source: string }[], timeoutMs: number): Promise<Map<RenameStep, number[]>> {
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
export async function resume(repo: GitRepo, step: RenameStep, mismatch: StepMismatch, hunks: number[] | undefined, timeoutMs: number): Promise<Entry | null> {
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
