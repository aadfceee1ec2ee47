// `npm run bench -- history <repo-path> [samples] [runs]`: provenance for every tracked file of a
// real repository, three ways: (a) one raw `git log --raw` pass (the one ours runs: name, status
// and blob ids of every change) with output discarded (the floor), (b) the history stage (readHistory) + lastChange for every file, (c) one `git log -1 -- <file>`
// per file (the classic approach), sampled and extrapolated. Also checks that (b) agrees with
// `git log -1 --first-parent` on the sample. Budget: (b) within 1.3x of (a).
// (a) and (b) run alternately (`runs` times each, default 5) so that load from other jobs on a
// shared machine hits both alike; medians are reported, plus the median of the paired ratios.
// CPU is reported too (less noisy than wall time): git's for (a); for (b) our process's own and
// that of the git processes it ran (Linux: from /proc, 10 ms resolution).
import { execFile, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { promisify } from 'node:util';
import { listTrackedFiles, openRepo } from '../src/git/repo.ts';
import { gitArgv, gitEnvironment } from '../src/git/run.ts';
import { inferForgeLinks } from '../src/git/remote.ts';
import { lastChange } from '../src/history/query.ts';
import { readHistory } from '../src/history/read.ts';
import type { RepoSnapshot } from '../src/model/snapshot.ts';
import { childrenCpuMs } from './cpu.ts';

const run = promisify(execFile);

interface Ours {
  ms: number;
  /** CPU of this process (user + system) over the measured span. */
  cpuMs: number;
  /** CPU of the git processes it ran and waited for, or null where /proc is unavailable. */
  gitCpuMs: number | null;
  indexMs: number;
  lookupMs: number;
  maxRssMiB: number;
  files: number;
  commits: number;
  unknown: number;
  renameDetection: string;
  downgradedAt: string | null;
  warnings: string[];
  last: Record<string, string | null>;
}

const FORMAT = '--format=%x1e%H%x1f%P%x1f%aN%x1f%aE%x1f%aI%x1f%cN%x1f%cE%x1f%cI%x1f%B%x1f';

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs in a fresh process so its peak RSS is its own. Prints JSON. */
export async function child(root: string, sampleJson: string): Promise<string> {
  const sample: string[] = JSON.parse(sampleJson);
  const gitCpu0 = childrenCpuMs();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const repo = await openRepo(root);
  if (!repo.ok) throw new Error(repo.error.message);
  const { Diagnostics } = await import('../src/model/diagnostics.ts');
  const diagnostics = new Diagnostics();
  const t1 = performance.now();
  const files = await listTrackedFiles(repo.value);
  if (!files.ok) throw new Error(files.error.message);
  // The history stage as the pipeline runs it: the walk, its plain data, noise detection (which
  // counts the tracked files).
  const snapshot = { id: 'bench', links: inferForgeLinks(null, {}), uncommitted: [], files: files.value.files } as unknown as RepoSnapshot;
  const history = await readHistory(repo.value, snapshot, { ticketPrefixes: [], diagnostics });
  if (history.failure) throw new Error(history.failure);
  const t2 = performance.now();
  let unknown = 0;
  for (const f of files.value.files) if (lastChange(history, f.path).status !== 'known') unknown++;
  const t3 = performance.now();
  const last: Record<string, string | null> = {};
  for (const p of sample) {
    const c = lastChange(history, p);
    last[p] = c.status === 'known' ? c.commit.sha : null;
  }
  const cpu = process.cpuUsage(cpu0);
  const gitCpu1 = childrenCpuMs();
  const out: Ours = {
    ms: t3 - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    gitCpuMs: gitCpu0 === null || gitCpu1 === null ? null : gitCpu1 - gitCpu0,
    indexMs: t2 - t1,
    lookupMs: t3 - t2,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    files: files.value.files.length,
    commits: history.commits.length,
    unknown,
    renameDetection: history.renames.detection,
    downgradedAt: history.renames.downgradedAt,
    warnings: diagnostics.items.map((d) => `${d.code}: ${d.message}`),
    last,
  };
  return JSON.stringify(out);
}

interface GitMeasure {
  ms: number;
  /** User + system CPU of git. */
  cpuMs: number;
  maxRssMiB: number;
  ok: boolean;
}

/** Wall time, CPU and peak RSS of one git command with stdout discarded (via /usr/bin/time). */
async function timeGit(root: string, args: string[]): Promise<GitMeasure> {
  const t0 = performance.now();
  const devnull = openSync('/dev/null', 'w');
  const p = spawn('/usr/bin/time', ['-f', '%M %U %S', 'git', ...gitArgv({ root }, args)], {
    stdio: ['ignore', devnull, 'pipe'],
    env: gitEnvironment(root),
  });
  let err = '';
  p.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((r) => p.on('close', r));
  const ms = performance.now() - t0;
  const [kb, user, system] = (err.trim().split('\n').pop() ?? '').split(' ').map(Number);
  return { ms, cpuMs: ((user ?? NaN) + (system ?? NaN)) * 1000, maxRssMiB: (kb ?? NaN) / 1024, ok: code === 0 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const f1 = (n: number): string => n.toFixed(n >= 100 ? 0 : n >= 10 ? 1 : 2);

export async function benchHistory([root, samplesArg, runsArg]: string[]): Promise<string> {
  if (!root) throw new Error('usage: npm run bench -- history <repo-path> [samples] [runs]');
  const samples = Number(samplesArg ?? 200);
  const runs = Math.max(1, Number(runsArg ?? 5));
  const repo = await openRepo(root);
  if (!repo.ok) throw new Error(repo.error.message);
  const files = await listTrackedFiles(repo.value);
  if (!files.ok) throw new Error(files.error.message);
  const paths = files.value.files.map((f) => f.path);
  const rand = mulberry32(42);
  const pool = [...paths];
  const sample: string[] = [];
  while (sample.length < Math.min(samples, pool.length)) sample.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]!);

  // (b) ours, in fresh processes.
  const oursOnce = async (): Promise<Ours> => {
    const { stdout } = await run(process.execPath, [new URL('./run.ts', import.meta.url).pathname, 'history-child', repo.value.root, JSON.stringify(sample)], {
      maxBuffer: 1 << 28,
    });
    return JSON.parse(stdout) as Ours;
  };
  // (a) the floor: the same log pass(es) ours runs, output discarded. When missing blobs made
  // ours downgrade rename detection, that is the failing -M pass plus the resumed pass.
  const first = await oursOnce();
  const flag = first.renameDetection === 'full' ? '-M' : first.renameDetection === 'exact' ? '-M100%' : '--no-renames';
  const logArgs = (f: string, from: string, format = '--raw'): string[] => ['log', '--first-parent', '--diff-merges=first-parent', '-z', '--no-abbrev', format, f, FORMAT, from, '--'];
  const floorOnce = async (format = '--raw'): Promise<GitMeasure> => {
    if (!first.downgradedAt) return timeGit(repo.value.root, logArgs(flag, repo.value.head!, format));
    const failed = await timeGit(repo.value.root, logArgs('-M', repo.value.head!, format));
    const rest = await timeGit(repo.value.root, logArgs(flag, first.downgradedAt, format));
    return { ms: failed.ms + rest.ms, cpuMs: failed.cpuMs + rest.cpuMs, maxRssMiB: Math.max(failed.maxRssMiB, rest.maxRssMiB), ok: rest.ok };
  };
  const oursRuns: Ours[] = [first];
  const floorRuns: GitMeasure[] = [];
  for (let i = 0; i < runs; i++) {
    floorRuns.push(await floorOnce());
    if (i > 0) oursRuns.push(await oursOnce());
  }
  const ours = [...oursRuns].sort((a, b) => a.ms - b.ms)[Math.floor(runs / 2)]!;
  const oursCpu = median(oursRuns.map((r) => r.cpuMs));
  const oursGitCpu = oursRuns.every((r) => r.gitCpuMs !== null) ? median(oursRuns.map((r) => r.gitCpuMs!)) : null;
  const pairedRatio = median(oursRuns.map((r, i) => r.ms / floorRuns[i]!.ms));
  const floor = { ms: median(floorRuns.map((r) => r.ms)), cpuMs: median(floorRuns.map((r) => r.cpuMs)), maxRssMiB: median(floorRuns.map((r) => r.maxRssMiB)) };
  // The same pass with `--name-status` (no blob ids), as the index ran before it recorded blobs.
  const nameStatusRuns: GitMeasure[] = [];
  for (let i = 0; i < 3; i++) nameStatusRuns.push(await floorOnce('--name-status'));
  const nameStatus = { ms: median(nameStatusRuns.map((r) => r.ms)), cpuMs: median(nameStatusRuns.map((r) => r.cpuMs)) };
  const plainRuns = [];
  for (let i = 0; i < 3; i++) plainRuns.push(await timeGit(repo.value.root, ['log', '--name-status', '--no-renames', '--format=%H', repo.value.head!, '--']));
  const plain = { ms: median(plainRuns.map((r) => r.ms)), maxRssMiB: median(plainRuns.map((r) => r.maxRssMiB)), ok: plainRuns.every((r) => r.ok) };

  // (c) classic: one `git log -1 -- <file>` per file, sampled; and agreement on the same sample.
  const env = gitEnvironment(repo.value.root);
  let classicMs = 0;
  let agree = 0;
  const disagreements: string[] = [];
  for (const path of sample) {
    const t = performance.now();
    await run('git', gitArgv({ root: repo.value.root }, ['log', '-1', '--format=%H %ct', repo.value.head!, '--', path]), { env });
    classicMs += performance.now() - t;
    const { stdout } = await run('git', gitArgv({ root: repo.value.root }, ['log', '-1', '--first-parent', '--format=%H', repo.value.head!, '--', path]), { env });
    if ((ours.last[path] ?? '') === stdout.trim()) agree++;
    else disagreements.push(`${path}: ours ${ours.last[path]} git ${stdout.trim()}`);
  }
  const classic = (classicMs / sample.length) * paths.length;

  const rows = [
    [`(a) floor: git log --first-parent --raw ${ours.downgradedAt ? '-M (fails), resumed ' : ''}${flag} > /dev/null`, f1(floor.ms), f1(floor.maxRssMiB), '1.00'],
    [`    the same with --name-status (no blob ids), git CPU ${f1(nameStatus.cpuMs)} ms`, f1(nameStatus.ms), '', (nameStatus.ms / floor.ms).toFixed(2)],
    ['    git log --name-status (all parents, no renames) > /dev/null' + (plain.ok ? '' : ' [failed]'), f1(plain.ms), f1(plain.maxRssMiB), (plain.ms / floor.ms).toFixed(2)],
    [`(b) ours: the history stage + lastChange x ${ours.files}`, f1(ours.ms), f1(ours.maxRssMiB), (ours.ms / floor.ms).toFixed(2)],
    [`    of which index ${f1(ours.indexMs)} ms, ls-files + lookups ${f1(ours.lookupMs)} ms`, '', '', ''],
    [`    CPU: floor git ${f1(floor.cpuMs)} ms; ours node ${f1(oursCpu)} ms + git ${oursGitCpu === null ? '?' : f1(oursGitCpu)} ms (medians)`, '', '', ''],
    [`(c) classic: git log -1 per file (${sample.length} sampled, extrapolated)`, f1(classic), '', (classic / floor.ms).toFixed(2)],
  ];
  const w = Math.max(...rows.map((r) => r[0]!.length));
  const lines = [
    `history bench: ${repo.value.root} @ ${repo.value.head}`,
    `${ours.files} tracked files, ${ours.commits} first-parent commits, rename detection: ${ours.renameDetection}, unknown: ${ours.unknown}`,
    '',
    `${'measure'.padEnd(w)}  ${'ms'.padStart(8)}  ${'RSS MiB'.padStart(8)}  ${'x floor'.padStart(8)}`,
    ...rows.map((r) => `${r[0]!.padEnd(w)}  ${r[1]!.padStart(8)}  ${r[2]!.padStart(8)}  ${r[3]!.padStart(8)}`),
    '',
    `ours / floor: ${(ours.ms / floor.ms).toFixed(2)} (budget 1.30), median of paired runs ${pairedRatio.toFixed(2)}; classic / ours: ${(classic / ours.ms).toFixed(0)}x`,
    `ours runs (ms): ${oursRuns.map((r) => f1(r.ms)).join(', ')}; floor runs (ms): ${floorRuns.map((r) => f1(r.ms)).join(', ')}`,
    `ours CPU runs (node + git ms): ${oursRuns.map((r) => `${f1(r.cpuMs)}+${r.gitCpuMs === null ? '?' : f1(r.gitCpuMs)}`).join(', ')}; floor git CPU runs (ms): ${floorRuns.map((r) => f1(r.cpuMs)).join(', ')}`,
    `agreement with git log -1 --first-parent on ${sample.length} sampled files: ${agree}/${sample.length}`,
    ...disagreements.slice(0, 10).map((d) => `  differs: ${d}`),
    ...ours.warnings.map((w) => `warning ${w}`),
  ];
  return lines.join('\n');
}
