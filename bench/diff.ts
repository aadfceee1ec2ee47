// `npm run bench -- diff [repo] [base] [runs]`: `livewiki diff` against its baseline, `livewiki
// check` of the same repository (the aim: a pull request's view costs no more than the check CI
// already runs). Both run through the CLI, each with a cache folder of its own: once with it
// empty (cold), then `runs` times each (default 3), alternately, with it filled (warm). Prints
// medians of wall and CPU time (the child's, from /proc) and diff/check ratios, and checks that
// every diff printed the same report as the cold one.
// Defaults: /tmp/bench-repos/langfuse, base HEAD~20 (langfuse: 20 commits, 818 files changed).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { git } from './git.ts';
import { snapshotLivewiki } from './snapshot.ts';
import { childrenCpuMs } from './cpu.ts';

const DEFAULT_REPO = '/tmp/bench-repos/langfuse';

interface Run {
  wallMs: number;
  /** CPU of the child (user + system), or null where /proc is not there. */
  cpuMs: number | null;
  stdout: string;
}

function run(bin: string, cwd: string, args: string[]): Run {
  const cpu0 = childrenCpuMs();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '1', NO_COLOR: '1' }, maxBuffer: 1 << 28 });
  const wallMs = Math.round(performance.now() - t0);
  const cpu1 = childrenCpuMs();
  // `check` exits 1 when it has findings: still a complete run.
  if (r.status === null || r.status > 1) throw new Error(`livewiki ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr.slice(-2000)}`);
  return { wallMs, cpuMs: cpu0 === null || cpu1 === null ? null : Math.round(cpu1 - cpu0), stdout: r.stdout };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const secs = (ms: number | null): string => (ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`);
const ratio = (a: number | null, b: number | null): string => (a === null || b === null || b === 0 ? '-' : (a / b).toFixed(2));

function line(label: string, diff: Run[], check: Run[]): string {
  const wall = (rs: Run[]) => median(rs.map((r) => r.wallMs));
  const cpu = (rs: Run[]) => (rs.some((r) => r.cpuMs === null) ? null : median(rs.map((r) => r.cpuMs!)));
  return `${label.padEnd(5)} diff ${secs(wall(diff))} wall / ${secs(cpu(diff))} CPU, check ${secs(wall(check))} / ${secs(cpu(check))}: diff/check ${ratio(wall(diff), wall(check))} wall, ${ratio(cpu(diff), cpu(check))} CPU`;
}

export async function benchDiff(args: string[]): Promise<string> {
  const repo = resolve(args[0] ?? DEFAULT_REPO);
  const base = args[1] ?? 'HEAD~20';
  const runs = Number(args[2] ?? 3);
  if (!existsSync(join(repo, '.git'))) throw new Error(`not a git clone: ${repo} (clone a large repository there first, e.g. langfuse/langfuse)`);
  const work = mkdtempSync(join(tmpdir(), 'livewiki-bench-diff-'));
  const snapshot = snapshotLivewiki();
  const bin = join(snapshot, 'bin/livewiki.js');
  const diffArgs = ['diff', '--base', base, '--format', 'json', '--cache', join(work, 'diff-cache')];
  const checkArgs = ['check', '--quiet', '--cache', join(work, 'check-cache')];
  try {
    const coldDiff = run(bin, repo, diffArgs);
    const coldCheck = run(bin, repo, checkArgs);
    const warmDiff: Run[] = [];
    const warmCheck: Run[] = [];
    for (let i = 0; i < runs; i++) {
      warmDiff.push(run(bin, repo, diffArgs));
      warmCheck.push(run(bin, repo, checkArgs));
    }
    const differing = warmDiff.filter((r) => r.stdout !== coldDiff.stdout).length;
    const report = JSON.parse(coldDiff.stdout) as { commits: number; files: unknown[] };
    return [
      `diff vs check: ${basename(repo)} at ${git(repo, 'rev-parse', '--short', 'HEAD').trim()}, --base ${base} (${report.commits} commits, ${report.files.length} files changed); medians, warm of ${runs} alternating runs`,
      line('cold', [coldDiff], [coldCheck]),
      line('warm', warmDiff, warmCheck),
      `warm diff reports identical to the cold one: ${differing === 0 ? 'yes' : `NO (${differing} of ${runs} differ)`}`,
      `warm runs (wall): diff ${warmDiff.map((r) => secs(r.wallMs)).join(', ')}; check ${warmCheck.map((r) => secs(r.wallMs)).join(', ')}`,
    ].join('\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(snapshot, { recursive: true, force: true });
  }
}
