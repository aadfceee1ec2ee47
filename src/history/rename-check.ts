// Checks the steps where a file appears at a commit (added, or renamed in the log pass) against
// the choice `git blame --first-parent` makes there. Blame looks for a rename source of that one
// file among every file the commit deleted, in the whole tree (diffcore-rename with a single
// destination); a pathspec-limited `git log -M` pairs all added and deleted files at once, so its
// pairing is only a hint. Decided in this order, cheapest first:
//   1. from the whole tree's deletions and blob sizes: a deleted file with the same content; no
//      deleted file whose size allows a match (created); or a single one the log pass paired;
//   2. from contents, scored like git (similarity.ts), when this git version's scoring is known
//      and no candidate holds CRLF (whose scoring depends on attributes);
//   3. by `git blame <parent>..<commit>` of that one step, compared line by line.
// A step where git continues differently comes back with git's answer for that step (no source,
// the source file, or the one-step blame), so the walk can resume from there.
import { readBlobs, type GitRepo } from '../git/repo.ts';
import { GitError, runGit, runGitText, type GitFailure } from '../git/run.ts';
import { gitBlame, type PorcelainBlame } from './git-blame.ts';
import { exactSource, hasCrlf, isRegular, renameSource, sizeAllows, spanCounts, type RenameCandidate, type SpanCounts } from './similarity.ts';

export interface RenameStep {
  target: { path: string; fallback: string | null };
  commit: string;
  parent: string;
  /** Path of the file at `commit`. */
  path: string;
  dstBlob: string;
  dstMode: number;
  /** The source the log pass continued from (a rename), or null (created here). */
  source: string | null;
  /** Line numbers at `commit` of the file's unattributed lines. */
  before: Int32Array;
  /** Their final line numbers (at the built commit). */
  fin: Int32Array;
  /** Their line numbers in `source` at `parent`, or -1 when attributed to `commit`. */
  after: Int32Array;
}

/** git's answer for a step where it continues differently from the log pass. */
export type StepAnswer =
  /** No source: every unattributed line stays at the commit. */
  | { kind: 'created' }
  /** Continue from this file at the parent (the lines map through a diff of the two blobs). */
  | { kind: 'source'; path: string; blob: string }
  /** `git blame <parent>..<commit>`: lines blamed on the commit stay, the others continue. */
  | { kind: 'blame'; blame: PorcelainBlame }
  | { kind: 'unknown' };

export interface StepMismatch {
  reason: string;
  answer: StepAnswer;
}

export interface RenameCheckResult {
  byTree: number;
  byBlame: number;
  /** For each file, its newest step where git blame continues differently. */
  mismatches: Map<RenameStep, StepMismatch>;
}

interface Deleted {
  path: string;
  mode: number;
  blob: string;
}


/** Files each commit deleted relative to its first parent (whole tree), in one `diff-tree --stdin`. */
async function deletions(repo: GitRepo, pairs: Map<string, string>, timeoutMs: number): Promise<Map<string, Deleted[]>> {
  const out = new Map<string, Deleted[]>();
  if (pairs.size === 0) return out;
  const input = [...pairs].map(([commit, parent]) => `${commit} ${parent}\n`).join('');
  const r = await runGit(repo.ctx, ['diff-tree', '--stdin', '-r', '-z', '--no-renames', '--raw', '--no-abbrev', '--diff-filter=D'], {
    input,
    timeoutMs,
    maxBytes: 1024 * 1024 * 1024,
  });
  if (!r.ok) throw new GitError(r.error);
  const tokens = r.value.toString('utf8').split('\0');
  let current: Deleted[] | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    if (tok.startsWith(':')) {
      const meta = tok.slice(1).split(' ');
      const path = tokens[++i] ?? '';
      current?.push({ path, mode: parseInt(meta[0]!, 8), blob: meta[2]! });
    } else {
      const sha = tok.trim();
      if (sha === '') continue;
      current = out.get(sha) ?? [];
      out.set(sha, current);
    }
  }
  return out;
}

/** Blob sizes through one `cat-file --batch-check` (missing blobs are absent). */
async function sizes(repo: GitRepo, blobs: Set<string>, timeoutMs: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (blobs.size === 0) return out;
  const list = [...blobs];
  const r = await runGit(repo.ctx, ['cat-file', '--batch-check'], { input: list.join('\n') + '\n', timeoutMs });
  if (!r.ok) throw new GitError(r.error);
  for (const line of r.value.toString('latin1').split('\n')) {
    const [id, type, size] = line.split(' ');
    if (id && type === 'blob' && size !== undefined) out.set(id, Number(size));
  }
  return out;
}

type Choice = { source: string | null } | 'ambiguous';

const candidateOf = (d: Deleted, size: ReadonlyMap<string, number>): RenameCandidate | null => {
  const s = size.get(d.blob);
  return s === undefined ? null : { path: d.path, mode: d.mode, blob: d.blob, size: s };
};

/** Blame's rename source for one step when sizes alone decide it (no content read). */
function decideBySize(step: RenameStep, deleted: readonly Deleted[], size: ReadonlyMap<string, number>): Choice {
  const dst: RenameCandidate = { path: step.path, mode: step.dstMode, blob: step.dstBlob, size: size.get(step.dstBlob) ?? -1 };
  const exact = exactSource(dst, deleted.map((d) => ({ ...d, size: 0 })));
  if (exact) return { source: exact.path };
  // Similarity is only estimated between regular files.
  if (!isRegular(step.dstMode)) return { source: null };
  if (dst.size < 0) return 'ambiguous';
  const viable: Deleted[] = [];
  for (const d of deleted) {
    if (!isRegular(d.mode)) continue;
    const c = candidateOf(d, size);
    if (c === null) return 'ambiguous';
    if (sizeAllows(c, dst)) viable.push(d);
  }
  if (viable.length === 0) return { source: null };
  // The log pass paired this one (so its score is >= 50%) and no other file could compete.
  if (viable.length === 1 && step.source === viable[0]!.path) return { source: step.source };
  return 'ambiguous';
}

/** Blame's rename source computed like git does (similarity.ts); 'ambiguous' when CRLF is involved. */
function decideByContent(
  step: RenameStep,
  deleted: readonly Deleted[],
  size: ReadonlyMap<string, number>,
  counts: (c: RenameCandidate) => SpanCounts | null,
): Choice {
  const dst: RenameCandidate = { path: step.path, mode: step.dstMode, blob: step.dstBlob, size: size.get(step.dstBlob) ?? -1 };
  if (dst.size < 0) return 'ambiguous';
  const sources: RenameCandidate[] = [];
  for (const d of deleted) {
    const c = isRegular(d.mode) ? candidateOf(d, size) : { path: d.path, mode: d.mode, blob: d.blob, size: 0 };
    if (c === null) return 'ambiguous';
    sources.push(c);
  }
  let unknown = false;
  const source = renameSource(dst, sources, (c) => {
    const r = counts(c);
    if (r === null) {
      unknown = true;
      return new Map();
    }
    return r;
  });
  return unknown ? 'ambiguous' : { source: source?.path ?? null };
}

/** Compares one step with `git blame <parent>..<commit> -- <path>`, for the step's live lines. */
async function checkByBlame(repo: GitRepo, step: RenameStep, timeoutMs: number): Promise<{ mismatch: string | null; blame: PorcelainBlame } | GitFailure> {
  const r = await gitBlame(repo, step.commit, step.path, { since: step.parent, timeoutMs });
  if (!r.ok) return r.error;
  const { shas, orig, paths } = r.value;
  const done = (mismatch: string | null): { mismatch: string | null; blame: PorcelainBlame } => ({ mismatch, blame: r.value });
  for (let i = 0; i < step.before.length; i++) {
    const line = step.before[i]!;
    const sha = shas[line - 1];
    const mapped = step.after[i]!;
    if (sha === step.commit) {
      if (mapped !== -1) return done(`git blame attributes line ${line} of ${step.path} to ${step.commit}`);
    } else if (sha === step.parent) {
      if (mapped === -1) return done(`git blame continues line ${line} of ${step.path} into ${paths[line - 1]} at ${step.commit}`);
      if (paths[line - 1] !== step.source || orig[line - 1] !== mapped) {
        return done(`git blame continues ${step.path} from ${paths[line - 1]} (line ${orig[line - 1]}) at ${step.commit}, the log pass from ${step.source ?? 'nothing'}`);
      }
    } else {
      return done(`unexpected git blame answer for line ${line} of ${step.path} at ${step.commit}`);
    }
  }
  return done(null);
}

/**
 * Text (true) or binary (false) by each path's `diff` attribute; absent: decided by content;
 * null: a named diff driver decides (its config is not read here).
 */
async function diffAttributes(repo: GitRepo, paths: Set<string>, timeoutMs: number): Promise<Map<string, boolean | null>> {
  const out = new Map<string, boolean | null>();
  const r = await runGit(repo.ctx, ['check-attr', '-z', '--stdin', 'diff'], { input: [...paths].join('\0') + '\0', timeoutMs });
  if (!r.ok) {
    for (const p of paths) out.set(p, null);
    return out;
  }
  const t = r.value.toString('utf8').split('\0');
  for (let i = 0; i + 2 < t.length; i += 3) {
    const [path, , value] = [t[i]!, t[i + 1], t[i + 2]!];
    if (value === 'set') out.set(path, true);
    else if (value === 'unset') out.set(path, false);
    else if (value !== 'unspecified') out.set(path, null);
  }
  return out;
}

/** Whether this git counts a last line without newline in similarity scores (2.43.2+); null: unknown git. */
async function gitScoresFinalLine(repo: GitRepo): Promise<boolean | null> {
  const r = await runGitText(repo.ctx, ['version']);
  const m = r.ok ? /(\d+)\.(\d+)\.(\d+)/.exec(r.value) : null;
  if (!m) return null;
  const v = Number(m[1]) * 1_000_000 + Number(m[2]) * 1000 + Number(m[3]);
  if (v < 2_031_000) return null;
  return v >= 2_043_002;
}

export async function checkRenameSteps(
  repo: GitRepo,
  steps: readonly RenameStep[],
  options: { concurrency: number; timeoutMs: number },
): Promise<RenameCheckResult> {
  const result: RenameCheckResult = { byTree: 0, byBlame: 0, mismatches: new Map() };
  if (steps.length === 0) return result;
  const pairs = new Map(steps.map((s) => [s.commit, s.parent]));
  let deleted: Map<string, Deleted[]>;
  let size: Map<string, number>;
  try {
    deleted = await deletions(repo, pairs, options.timeoutMs);
    const blobs = new Set<string>();
    for (const s of steps) blobs.add(s.dstBlob);
    for (const list of deleted.values()) for (const d of list) if (isRegular(d.mode)) blobs.add(d.blob);
    size = await sizes(repo, blobs, options.timeoutMs);
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
    deleted = new Map();
    size = new Map();
  }
  // Verdict per step: agreed, git's source when it differs, or undecided.
  const verdict = new Map<RenameStep, { ok: true } | { ok: false; source: Deleted | null } | 'ambiguous'>();
  const undecided: RenameStep[] = [];
  const judge = (step: RenameStep, choice: { source: string | null }): void => {
    result.byTree++;
    if (choice.source === step.source) verdict.set(step, { ok: true });
    else verdict.set(step, { ok: false, source: (deleted.get(step.commit) ?? []).find((d) => d.path === choice.source) ?? null });
  };
  for (const step of steps) {
    const choice = decideBySize(step, deleted.get(step.commit) ?? [], size);
    if (choice === 'ambiguous') undecided.push(step);
    else judge(step, choice);
  }
  // Several candidates: score them like git (contents of the destination and of every source
  // whose size allows a match, read once), unless the git version's scoring is unknown.
  const finalLine = undecided.length > 0 ? await gitScoresFinalLine(repo) : null;
  if (finalLine !== null && undecided.length > 0) {
    const wanted = new Set<string>();
    for (const step of undecided) {
      const dstSize = size.get(step.dstBlob);
      if (dstSize === undefined) continue;
      wanted.add(step.dstBlob);
      const dst = { path: step.path, mode: step.dstMode, blob: step.dstBlob, size: dstSize };
      for (const d of deleted.get(step.commit) ?? []) {
        const s = size.get(d.blob);
        if (isRegular(d.mode) && s !== undefined && sizeAllows({ ...d, size: s }, dst)) wanted.add(d.blob);
      }
    }
    const contents = await readBlobs(repo, [...wanted]);
    const contentOf = (blob: string): Buffer | null => (contents.ok ? (contents.value.get(blob) ?? null) : null);
    // CRLF files score differently as text or binary: ask the `diff` attribute of their paths.
    const crlfPaths = new Set<string>();
    for (const step of undecided) {
      const dstContent = contentOf(step.dstBlob);
      if (dstContent && hasCrlf(dstContent)) crlfPaths.add(step.path);
      for (const d of deleted.get(step.commit) ?? []) {
        const c = wanted.has(d.blob) ? contentOf(d.blob) : null;
        if (c && hasCrlf(c)) crlfPaths.add(d.path);
      }
    }
    const textByAttr = crlfPaths.size > 0 ? await diffAttributes(repo, crlfPaths, options.timeoutMs) : new Map<string, boolean | null>();
    const cache = new Map<string, SpanCounts | null>();
    const counts = (c: RenameCandidate): SpanCounts | null => {
      const content = contentOf(c.blob);
      if (!content) return null;
      let isText: boolean | undefined;
      if (hasCrlf(content)) {
        const attr = textByAttr.get(c.path);
        if (attr === null) return null; // a diff driver decides: ask git
        isText = attr;
      }
      const key = `${c.blob}\0${isText ?? ''}`;
      let r = cache.get(key);
      if (r === undefined) {
        r = spanCounts(content, { finalLine, isText });
        cache.set(key, r);
      }
      return r;
    };
    for (const step of undecided) {
      const choice = decideByContent(step, deleted.get(step.commit) ?? [], size, counts);
      if (choice === 'ambiguous') verdict.set(step, 'ambiguous');
      else judge(step, choice);
    }
  } else for (const step of undecided) verdict.set(step, 'ambiguous');

  // Per file, newest step first: the first step git answers differently ends the file's checks
  // (older steps were walked on a path git does not take). A step that needs git runs it.
  const byTarget = new Map<RenameStep['target'], RenameStep[]>();
  for (const step of steps) {
    const list = byTarget.get(step.target);
    if (list) list.push(step);
    else byTarget.set(step.target, [step]);
  }
  const files = [...byTarget.values()].filter((list) => list.some((s) => verdict.get(s) !== undefined && (verdict.get(s) as { ok?: boolean }).ok !== true));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const list = files[next++]!;
      for (const step of list) {
        const v = verdict.get(step)!;
        if (v !== 'ambiguous' && v.ok) continue;
        if (v !== 'ambiguous') {
          // Decided from the tree: git's source is known, its lines map through a diff.
          const from = v.source;
          result.mismatches.set(step, {
            reason: `git blame continues ${step.path} from ${from?.path ?? 'nothing (created)'} at ${step.commit}, the log pass from ${step.source ?? 'nothing'}`,
            answer: from ? { kind: 'source', path: from.path, blob: from.blob } : { kind: 'created' },
          });
          break;
        }
        result.byBlame++;
        const outcome = await checkByBlame(repo, step, options.timeoutMs);
        if ('code' in outcome) {
          result.mismatches.set(step, { reason: `git blame of one step failed: ${outcome.message}`, answer: { kind: 'unknown' } });
          break;
        }
        if (outcome.mismatch === null) continue;
        result.mismatches.set(step, { reason: outcome.mismatch, answer: { kind: 'blame', blame: outcome.blame } });
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, files.length)) }, worker));
  return result;
}
