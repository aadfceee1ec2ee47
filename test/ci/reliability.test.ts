// What CI relies on: the same commits give the same bytes, a killed or interrupted build leaves
// the previous site and a usable cache, and two builds of one output folder take turns.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { readTree, treeDiff } from '../site/tree.ts';
import { BIN, cleanupTemps, cli, cliAsync, tempDir, widgetsRepo } from './helpers.ts';

afterAll(cleanupTemps);

describe('reproducible output', () => {
  it('gives byte-identical output for two cold builds of the same commit, and for a cached rebuild', () => {
    const repo = widgetsRepo();
    const [a, b, c] = [join(tempDir(), 'a'), join(tempDir(), 'b'), join(tempDir(), 'c')];
    expect(cli(['build', '--out', a, '--no-cache', '--quiet'], repo.root).code).toBe(0);
    expect(cli(['build', '--out', b, '--no-cache', '--quiet'], repo.root).code).toBe(0);
    // Cold cache, then warm cache: the cache never changes a byte.
    expect(cli(['build', '--out', c, '--quiet'], repo.root).code).toBe(0);
    expect(cli(['build', '--out', c, '--quiet'], repo.root).code).toBe(0);
    const ta = readTree(a);
    expect(ta.size).toBeGreaterThan(10);
    expect(treeDiff(ta, readTree(b))).toEqual([]);
    expect(treeDiff(ta, readTree(c))).toEqual([]);
  });

  it('takes the footer time from the built commit, or from SOURCE_DATE_EPOCH, never from the clock', () => {
    const repo = widgetsRepo();
    const landed = repo.git('log', '-1', '--format=%cI').trim();
    const out = join(tempDir(), 'out');
    expect(cli(['build', '--out', out, '--no-cache', '--quiet'], repo.root).code).toBe(0);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain(`datetime="${landed}"`);
    expect(cli(['build', '--out', out, '--no-cache', '--quiet'], repo.root, { SOURCE_DATE_EPOCH: '1700000000' }).code).toBe(0);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('datetime="2023-11-14T22:13:20.000Z"');
    // Not a number: ignored (the commit time is used), never a crash.
    expect(cli(['build', '--out', out, '--no-cache', '--quiet'], repo.root, { SOURCE_DATE_EPOCH: 'yesterday' }).code).toBe(0);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain(`datetime="${landed}"`);
  });
});

const isTemp = (out: string) => (e: string) => e.startsWith(`${basename(out)}.livewiki-tmp-`);

/** Starts `livewiki build`, sends `signal` once its temp folder exists (into the Astro build), waits for the exit. */
async function buildAndSignal(cwd: string, out: string, signal: NodeJS.Signals): Promise<{ signalled: boolean; code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'build', '--out', out, '--quiet'], { cwd, env: { ...process.env, CI: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let signalled = false;
  for (let i = 0; i < 1500 && child.exitCode === null; i++) {
    if (readdirSync(dirname(out)).some(isTemp(out))) {
      await sleep(150);
      signalled = child.kill(signal);
      break;
    }
    await sleep(10);
  }
  return { signalled, code: await exited, stderr };
}

describe('interrupted and concurrent builds', () => {
  it('leaves the previous output byte-identical and the cache usable after a SIGKILL mid-build', async () => {
    const repo = widgetsRepo();
    const out = join(tempDir(), 'site');
    expect(cli(['build', '--out', out, '--quiet'], repo.root).code).toBe(0);
    const before = readTree(out);
    // The same previous output, for a reference build without cache (the URL ledger carries over).
    const fresh = join(tempDir(), 'fresh');
    cpSync(out, fresh, { recursive: true });
    repo.write('docs/guide.md', '# Guide\n\nIntro, changed.\n\n## Setup\n\nRun it.\n').commit('Change the guide');

    const run = await buildAndSignal(repo.root, out, 'SIGKILL');
    expect(run.signalled).toBe(true);
    expect(treeDiff(before, readTree(out))).toEqual([]);
    expect(readdirSync(dirname(out)).some(isTemp(out))).toBe(true); // the killed build's leftovers…

    // …which the next build removes; it reuses what the killed build cached and publishes.
    const next = cli(['build', '--out', out, '--json', '--verbose'], repo.root);
    expect(next.code).toBe(0);
    const summary = JSON.parse(next.stdout) as { published: boolean; cache: { hits: number; rebuilt: number; byKind: Record<string, { hits: number }> } };
    expect(summary.published).toBe(true);
    expect(summary.cache.byKind.history!.hits).toBe(1);
    expect(next.stderr).toContain('I_SITE_STALE_CLEANED');
    expect(readdirSync(dirname(out)).some(isTemp(out))).toBe(false);
    expect(readFileSync(join(out, 'livewiki.json'), 'utf8')).toContain('Change the guide');
    // And it is exactly what a build without any cache gives.
    expect(cli(['build', '--out', fresh, '--no-cache', '--quiet'], repo.root).code).toBe(0);
    expect(treeDiff(readTree(fresh), readTree(out))).toEqual([]);
  });

  it('stops on SIGINT mid-build with exit code 130, removing its temp folder and lock, keeping the previous output and the cache', async () => {
    const repo = widgetsRepo();
    const out = join(tempDir(), 'site');
    expect(cli(['build', '--out', out, '--quiet'], repo.root).code).toBe(0);
    const before = readTree(out);
    repo.write('docs/guide.md', '# Guide\n\nIntro, changed again.\n\n## Setup\n\nRun it.\n').commit('Change the guide again');

    const run = await buildAndSignal(repo.root, out, 'SIGINT');
    expect(run.signalled).toBe(true);
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('interrupted (SIGINT); nothing was published, the previous output is unchanged');
    expect(treeDiff(before, readTree(out))).toEqual([]);
    // Nothing left behind: no temp folder, no lock.
    expect(readdirSync(dirname(out)).filter((e) => e !== basename(out))).toEqual([]);

    const next = cli(['build', '--out', out, '--json'], repo.root);
    expect(next.code).toBe(0);
    const summary = JSON.parse(next.stdout) as { published: boolean; cache: { byKind: Record<string, { hits: number }> } };
    expect(summary.published).toBe(true);
    expect(summary.cache.byKind.history!.hits).toBe(1);
    expect(next.stderr).not.toContain('I_SITE_STALE_CLEANED');
    expect(readFileSync(join(out, 'livewiki.json'), 'utf8')).toContain('Change the guide again');
  });

  it('serializes two concurrent builds of the same output: the result is one whole build, never a mix', async () => {
    const repo = widgetsRepo();
    const refs = [join(tempDir(), 'r1'), join(tempDir(), 'r2')];
    const epochs = ['1700000000', '1800000000'];
    for (const [i, dir] of refs.entries()) expect(cli(['build', '--out', dir, '--quiet'], repo.root, { SOURCE_DATE_EPOCH: epochs[i]! }).code).toBe(0);
    const out = join(tempDir(), 'shared');
    const runs = await Promise.all(epochs.map((e) => cliAsync(['build', '--out', out, '--quiet', '--no-cache'], repo.root, { SOURCE_DATE_EPOCH: e })));
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const result = readTree(out);
    const matches = refs.filter((r) => treeDiff(readTree(r), result).length === 0);
    expect(matches).toHaveLength(1);
    expect(existsSync(`${out}.livewiki-lock`)).toBe(false);
    expect(readdirSync(dirname(out)).filter((e) => e !== basename(out))).toEqual([]);
  });
});
