// 50,000 commits × 5,000 files (catalogue G17), generated with `git fast-import`. What must hold
// is structural, so it is asserted without timers (speed is `npm run bench -- <repo>`'s job): the
// history is one streaming pass, so the number of git processes does not grow with commits or
// files (O(1), not O(files) spawns), and the answers agree with git for sampled paths.
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRepo } from '../../src/git/repo.ts';
import { buildHistoryIndex } from '../../src/history/log.ts';
import { isolatedGitEnv, TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';

/** A repository of `commits` commits over `files` files: each commit changes 1-3 files (deterministic). */
function generated(commits: number, files: number): TestRepo {
  const r = TestRepo.init();
  removeAfterFile(r.root);
  const parts: string[] = [];
  const t0 = 1_600_000_000;
  const initial: string[] = [];
  for (let f = 0; f < files; f++) initial.push(`M 100644 inline dir${f % 100}/file${f}.md\ndata <<EOF\n# File ${f}\nEOF\n`);
  parts.push(`commit refs/heads/main\nmark :1\ncommitter Gen <gen@example.com> ${t0} +0000\ndata 7\ninitial\n${initial.join('')}\n`);
  let x = 12345;
  const rand = (n: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
  for (let c = 2; c <= commits; c++) {
    const touched = new Set<number>();
    for (let k = 0, n = 1 + rand(3); k < n; k++) touched.add(rand(files));
    const changes = [...touched].map((f) => `M 100644 inline dir${f % 100}/file${f}.md\ndata <<EOF\n# File ${f}\nrevision ${c}\nEOF\n`).join('');
    const msg = `change ${c}`;
    parts.push(`commit refs/heads/main\nmark :${c}\nauthor Dev${c % 37} <dev${c % 37}@example.com> ${t0 + c * 60} +0000\ncommitter Gen <gen@example.com> ${t0 + c * 60} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}\nfrom :${c - 1}\n${changes}\n`);
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: r.root, input: parts.join(''), env: isolatedGitEnv(), maxBuffer: 1 << 30 });
  r.git('reset', '-q', '--hard');
  return r;
}

/** A PATH whose `git` logs each invocation to `log` and runs the real git. */
function countingGit(): { path: string; count: () => number } {
  const bin = tempDir('livewiki-gitshim-');
  const log = join(bin, 'calls.log');
  writeFileSync(log, '');
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  writeFileSync(join(bin, 'git'), `#!/bin/sh\necho x >> '${log}'\nexec '${real}' "$@"\n`);
  chmodSync(join(bin, 'git'), 0o755);
  return { path: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, count: () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length };
}

async function historyWithCount(r: TestRepo) {
  const shim = countingGit();
  const opened = await openRepo(r.root, { path: shim.path });
  if (!opened.ok) throw new Error(opened.error.message);
  const before = shim.count();
  const built = await buildHistoryIndex(opened.value, {});
  if (!built.ok) throw new Error(built.error.message);
  return { index: built.value, processes: shim.count() - before };
}

describe('history at scale (G17)', () => {
  it('reads 50,000 commits × 5,000 files in as many git processes as 500 × 50, and agrees with git', async () => {
    const small = generated(500, 50);
    const large = generated(50_000, 5_000);
    const a = await historyWithCount(small);
    const b = await historyWithCount(large);
    expect(b.index.commits.size).toBe(50_000);
    expect(b.processes).toBe(a.processes);
    expect(b.processes).toBeLessThanOrEqual(3);
    // Sampled paths against git's own answer.
    for (const f of [0, 2500, 4999]) {
      const path = `dir${f % 100}/file${f}.md`;
      const all = large.git('log', '--first-parent', '--format=%H', '--', path).trim().split('\n');
      expect(b.index.changesOf(path).map((c) => c.sha), path).toEqual(all);
      expect(b.index.lastChange(path)?.sha, path).toBe(all[0]);
    }
  }, 600_000);
});
