// `git blame --first-parent` itself, for what the one-pass engine (log-blame.ts) does not decide
// alone: a whole file (fallback, ignored revisions) or a single step `<parent>..<commit>` (which
// source a rename continues from, and how its lines map). Every diff option is explicit, so no
// repository or user config changes the result: Myers with the indent heuristic (git's default,
// what the engine's `git log -p` uses too), no textconv, no ignore-revs file from the repository.
import type { GitRepo } from '../git/repo.ts';
import { assertSha, runGit, type GitResult } from '../git/run.ts';
import { startsAt } from './patch-stream.ts';

const FILENAME = Buffer.from('filename ');

/** Options every blame we run gets (the engine's log pass uses the same diff). */
export const BLAME_DIFF_OPTIONS: readonly string[] = ['--first-parent', '--no-textconv', '--indent-heuristic', '--diff-algorithm=myers'];
/** Neutralise repository config that changes blame's answer (`-c` goes before the subcommand). */
const BLAME_CONFIG: readonly string[] = ['-c', 'blame.ignoreRevsFile=', '-c', 'blame.markIgnoredLines=false', '-c', 'blame.markUnblamableLines=false'];

export interface PorcelainBlame {
  /** Commit of each final line (index 0 = line 1). */
  shas: string[];
  /** Line number in that commit's version of the file. */
  orig: number[];
  /** Path in that commit. */
  paths: string[];
}

/** Decodes a path as git writes it with `core.quotePath=false`: C-quoted only when it must be. */
export function unquoteCPath(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"') || text.length < 2) return text;
  const bytes: number[] = [];
  const src = Buffer.from(text.slice(1, -1), 'utf8');
  for (let i = 0; i < src.length; i++) {
    const b = src[i]!;
    if (b !== 0x5c) {
      bytes.push(b);
      continue;
    }
    const n = src[++i];
    if (n === undefined) break;
    const simple: Record<number, number> = { 0x61: 7, 0x62: 8, 0x74: 9, 0x6e: 10, 0x76: 11, 0x66: 12, 0x72: 13, 0x22: 0x22, 0x5c: 0x5c };
    if (simple[n] !== undefined) bytes.push(simple[n]);
    else if (n >= 0x30 && n <= 0x37) {
      const oct = String.fromCharCode(n, src[i + 1] ?? 0x30, src[i + 2] ?? 0x30);
      bytes.push(parseInt(oct, 8) & 0xff);
      i += 2;
    } else bytes.push(n);
  }
  return Buffer.from(bytes).toString('utf8');
}

const HEADER_RE = /^([0-9a-f]{40}|[0-9a-f]{64}) (\d+) (\d+)(?: \d+)?$/;

/** Parses `git blame --porcelain`: commit, original line and path of every final line. */
export function parsePorcelain(out: Buffer): PorcelainBlame {
  const shas: string[] = [];
  const orig: number[] = [];
  const paths: string[] = [];
  const fileOf = new Map<string, string>();
  let pending: { sha: string; orig: number; final: number } | null = null;
  let pos = 0;
  while (pos < out.length) {
    let nl = out.indexOf(0x0a, pos);
    if (nl < 0) nl = out.length;
    if (pending === null) {
      const m = HEADER_RE.exec(out.toString('latin1', pos, nl));
      if (m) pending = { sha: m[1]!, orig: Number(m[2]), final: Number(m[3]) };
    } else if (out[pos] === 0x09) {
      const i = pending.final - 1;
      shas[i] = pending.sha;
      orig[i] = pending.orig;
      paths[i] = fileOf.get(pending.sha) ?? '';
      pending = null;
    } else if (startsAt(out, pos, FILENAME)) {
      fileOf.set(pending.sha, unquoteCPath(out.toString('utf8', pos + 9, nl)));
    }
    pos = nl + 1;
  }
  return { shas, orig, paths };
}

export interface GitBlameOptions {
  /** Blame only `<since>..<sha>`: lines older than `since` are blamed on it (a boundary). */
  since?: string;
  /** A file of full shas to ignore (`--ignore-revs-file`), written by livewiki, never the repository's. */
  ignoreRevsFile?: string;
  timeoutMs?: number;
}

/** `git blame --porcelain --first-parent` of `path` at `sha`, with explicit diff options. */
export async function gitBlame(repo: GitRepo, sha: string, path: string, options: GitBlameOptions = {}): Promise<GitResult<PorcelainBlame>> {
  assertSha(sha);
  const rev = options.since === undefined ? sha : `${assertSha(options.since)}..${sha}`;
  const ignore = options.ignoreRevsFile === undefined ? [] : ['--ignore-revs-file', options.ignoreRevsFile];
  const r = await runGit(repo.ctx, [...BLAME_CONFIG, 'blame', '--porcelain', ...BLAME_DIFF_OPTIONS, ...ignore, rev, '--', path], { timeoutMs: options.timeoutMs });
  if (!r.ok) return r;
  return { ok: true, value: parsePorcelain(r.value) };
}
