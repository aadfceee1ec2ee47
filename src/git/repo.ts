// Opening a repository and reading what the pipeline needs from it: HEAD, shallowness,
// tracked files, working-tree status, the origin remote and blobs at the built commit.
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { TrackedFile } from '../model/snapshot.ts';
import { assertSha, isSha, neutralizingConfig, runGit, runGitText, type GitContext, type GitFailure, type GitResult } from './run.ts';
import { redactRemoteUrl } from './remote.ts';
import { userSafeDirectories } from './trust.ts';

export interface GitRepo {
  /** Git context for further commands (root = top level of the work tree). */
  readonly ctx: GitContext;
  readonly root: string;
  /** Commit being built (HEAD or a pinned sha); null for a repository without commits. */
  readonly head: string | null;
  /** Branch name, or null for a detached HEAD (fine: the sha is what counts). */
  readonly branch: string | null;
  readonly isShallow: boolean;
  /** Shallow boundary commits (`.git/shallow`): their parents are missing, so their diffs are not changes. */
  readonly shallowCommits: ReadonlySet<string>;
}

export interface OpenRepoOptions {
  /** Build this commit instead of HEAD (full sha, validated). */
  pin?: string;
  /** Repository cloned by livewiki itself: passes `-c safe.directory=<root>`. */
  ownedByTool?: boolean;
  timeoutMs?: number;
  /** PATH for git (tests). */
  path?: string;
  diagnostics?: Diagnostics;
  /** Repository id for diagnostics. */
  repoId?: string;
  /** Environment that locates the user's global git config, for `safe.directory` (default process.env). */
  userEnv?: NodeJS.ProcessEnv;
}

function fail<T>(error: GitFailure): GitResult<T> {
  return { ok: false, error };
}

/**
 * Opens the repository at `dir`. Errors (`E_GIT_MISSING`, `E_NOT_A_REPO`, dubious ownership)
 * come back as data; an empty repository opens with `head: null` and a warning.
 */
export async function openRepo(dir: string, options: OpenRepoOptions = {}): Promise<GitResult<GitRepo>> {
  let probe: GitContext = { root: resolve(dir), ownedByTool: options.ownedByTool, timeoutMs: options.timeoutMs, path: options.path };
  let top = await runGitText(probe, ['rev-parse', '--show-toplevel']);
  if (!top.ok && top.error.code === 'E_GIT_DUBIOUS_OWNERSHIP') {
    // The machine owner may trust the directory in their global or system config (D7).
    const safeDirectories = await userSafeDirectories(options.userEnv, options.path);
    if (safeDirectories.length > 0) {
      probe = { ...probe, safeDirectories };
      top = await runGitText(probe, ['rev-parse', '--show-toplevel']);
    }
  }
  if (!top.ok) return fail(top.error);
  const root = top.value.replace(/\n$/, '');
  // Keys of the repository's own config that would run a command (filter drivers on `status`,
  // textconv, upload-pack on `--deepen`, ...) are overridden for every later command (D8).
  const keys = await runGit({ ...probe, root }, ['config', '-z', '--name-only', '--list']);
  if (!keys.ok) return fail(keys.error);
  const overrides = neutralizingConfig(keys.value.toString('utf8').split('\0').filter((k) => k !== ''));
  const ctx: GitContext = { ...probe, root, overrides };

  let head: string | null = null;
  if (options.pin !== undefined) {
    assertSha(options.pin);
    const r = await runGitText(ctx, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${options.pin}^{commit}`]);
    if (!r.ok) return fail({ ...r.error, message: `commit ${options.pin} is not in ${root}`, hint: 'Fetch the commit (or deepen the clone) before building it.' });
    head = r.value.trim();
  } else {
    const r = await runGitText(ctx, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { okExitCodes: [1, 128] });
    if (!r.ok) return fail(r.error);
    const v = r.value.trim();
    head = isSha(v) ? v : null;
    if (head === null) {
      options.diagnostics?.warn('W_GIT_EMPTY_REPO', `${root} has no commits yet; its wiki section has no history`, {
        repo: options.repoId,
        hint: 'Commit something, or remove the repository from the configuration.',
      });
    }
  }

  const branchR = await runGitText(ctx, ['symbolic-ref', '--quiet', '--short', 'HEAD'], { okExitCodes: [1] });
  const branch = branchR.ok && branchR.value.trim() !== '' ? branchR.value.trim() : null;

  const shallowR = await runGitText(ctx, ['rev-parse', '--is-shallow-repository']);
  if (!shallowR.ok) return fail(shallowR.error);
  const isShallow = shallowR.value.trim() === 'true';
  const shallowCommits = new Set<string>();
  if (isShallow) {
    const p = await runGitText(ctx, ['rev-parse', '--git-path', 'shallow']);
    if (!p.ok) return fail(p.error);
    const rel = p.value.replace(/\n$/, '');
    const file = isAbsolute(rel) ? rel : join(root, rel);
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n')) if (isSha(line.trim())) shallowCommits.add(line.trim());
  }
  return { ok: true, value: { ctx, root, head, branch, isShallow, shallowCommits } };
}

export type { TrackedFile } from '../model/snapshot.ts';

export interface TrackedFiles {
  files: TrackedFile[];
  /** Gitlinks (mode 160000): listed separately, their content lives in another repository. */
  submodules: TrackedFile[];
}

function parseEntries(out: Buffer, withStage: boolean): TrackedFiles {
  const files: TrackedFile[] = [];
  const submodules: TrackedFile[] = [];
  const seen = new Set<string>();
  for (const rec of out.toString('utf8').split('\0')) {
    if (rec === '') continue;
    const tab = rec.indexOf('\t');
    if (tab < 0) continue;
    const meta = rec.slice(0, tab).split(' ');
    const path = rec.slice(tab + 1);
    // ls-files --stage: "<mode> <blob> <stage>"; ls-tree: "<mode> <type> <blob>".
    const mode = meta[0] ?? '';
    const blob = (withStage ? meta[1] : meta[2]) ?? '';
    if (seen.has(path)) continue; // conflicted index: several stages per path
    seen.add(path);
    (mode === '160000' ? submodules : files).push({ path, mode, blob });
  }
  return { files, submodules };
}

/** Tracked files from the index (`ls-files -z --stage`); submodules separate, with an info note. */
export async function listTrackedFiles(repo: GitRepo, diagnostics?: Diagnostics, repoId?: string): Promise<GitResult<TrackedFiles>> {
  const r = await runGit(repo.ctx, ['ls-files', '-z', '--stage', '--full-name']);
  if (!r.ok) return r;
  const out = parseEntries(r.value, true);
  noteSubmodules(out, diagnostics, repoId);
  return { ok: true, value: out };
}

/** Files of the tree of commit `sha` (`ls-tree -r -z`): what a pinned build documents. */
export async function listTreeFiles(repo: GitRepo, sha: string, diagnostics?: Diagnostics, repoId?: string): Promise<GitResult<TrackedFiles>> {
  assertSha(sha);
  const r = await runGit(repo.ctx, ['ls-tree', '-r', '-z', '--full-tree', sha]);
  if (!r.ok) return r;
  const out = parseEntries(r.value, false);
  noteSubmodules(out, diagnostics, repoId);
  return { ok: true, value: out };
}

function noteSubmodules(out: TrackedFiles, diagnostics: Diagnostics | undefined, repoId: string | undefined): void {
  for (const s of out.submodules) {
    diagnostics?.info('I_GIT_SUBMODULE_SKIPPED', `submodule ${s.path} is skipped: its files belong to another repository`, {
      repo: repoId,
      file: s.path,
      hint: 'Add the submodule as its own repository in the configuration to document it.',
    });
  }
}

export interface WorkingTreeStatus {
  /** Tracked paths whose working-tree or index content differs from HEAD (incl. staged-only and deleted). */
  modified: string[];
  /** Untracked paths (never documented, listed so the pipeline can say why). */
  untracked: string[];
}

/** `git status --porcelain=v1 -z --untracked-files=all`, sorted. */
export async function readStatus(repo: GitRepo): Promise<GitResult<WorkingTreeStatus>> {
  const r = await runGit(repo.ctx, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--ignore-submodules=all']);
  if (!r.ok) return r;
  const modified: string[] = [];
  const untracked: string[] = [];
  const recs = r.value.toString('utf8').split('\0');
  for (let i = 0; i < recs.length; i++) {
    const rec = recs[i]!;
    if (rec.length < 4) continue;
    const xy = rec.slice(0, 2);
    const path = rec.slice(3);
    if (xy === '??') untracked.push(path);
    else if (xy !== '!!') modified.push(path);
    if (xy[0] === 'R' || xy[0] === 'C') i++; // the source path follows (not with --no-renames, but be safe)
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return { ok: true, value: { modified: modified.sort(cmp), untracked: untracked.sort(cmp) } };
}

/** `remote.origin.url` with credentials removed; null when there is no origin. */
export async function originUrl(repo: GitRepo): Promise<GitResult<string | null>> {
  const r = await runGitText(repo.ctx, ['config', '--get', 'remote.origin.url'], { okExitCodes: [1] });
  if (!r.ok) return r;
  const v = r.value.trim();
  return { ok: true, value: v === '' ? null : redactRemoteUrl(v) };
}

/** Content of one blob (by id, e.g. from `listTreeFiles`). */
export async function readBlob(repo: GitRepo, blob: string): Promise<GitResult<Buffer>> {
  assertSha(blob);
  return runGit(repo.ctx, ['cat-file', 'blob', blob]);
}

/**
 * Contents of many blobs in one `git cat-file --batch` process. Missing objects (e.g. large
 * files absent from a partial snapshot) map to null.
 */
export async function readBlobs(repo: GitRepo, blobs: readonly string[]): Promise<GitResult<Map<string, Buffer | null>>> {
  const unique = [...new Set(blobs.map(assertSha))];
  const result = new Map<string, Buffer | null>();
  if (unique.length === 0) return { ok: true, value: result };
  const r = await runGit(repo.ctx, ['cat-file', '--batch'], { input: unique.join('\n') + '\n', maxBytes: 4 * 1024 * 1024 * 1024 });
  if (!r.ok) return r;
  const out = r.value;
  let pos = 0;
  for (const id of unique) {
    const nl = out.indexOf(10, pos);
    if (nl < 0) break;
    const header = out.toString('utf8', pos, nl);
    pos = nl + 1;
    if (header.endsWith(' missing')) {
      result.set(id, null);
      continue;
    }
    const size = Number(header.split(' ')[2]);
    result.set(id, out.subarray(pos, pos + size));
    pos += size + 1; // content is followed by a newline
  }
  return { ok: true, value: result };
}

/** Blob id of `path` in commit `sha`, or null when the path is not a file there. */
export async function blobAt(repo: GitRepo, sha: string, path: string): Promise<GitResult<string | null>> {
  assertSha(sha);
  const r = await runGit(repo.ctx, ['ls-tree', '-z', '--full-tree', sha, '--', path]);
  if (!r.ok) return r;
  const rec = r.value.toString('utf8').split('\0')[0] ?? '';
  const tab = rec.indexOf('\t');
  if (tab < 0 || rec.slice(tab + 1) !== path) return { ok: true, value: null };
  const [, type, blob] = rec.slice(0, tab).split(' ');
  return { ok: true, value: type === 'blob' && blob ? blob : null };
}

/** Content of `path` at commit `sha` (the pipeline reads committed files from git, not the disk). */
export async function readFileAt(repo: GitRepo, sha: string, path: string): Promise<GitResult<Buffer | null>> {
  const b = await blobAt(repo, sha, path);
  if (!b.ok) return b;
  if (b.value === null) return { ok: true, value: null };
  return readBlob(repo, b.value);
}
