import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { Ledger } from '../../src/ledger/ledger.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import { build } from '../../src/pipeline/run.ts';
import { buildSite } from '../../src/site/index.ts';
import { lockText, parseLock } from '../../src/site/lock.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';
import { makeBundle } from './fixture.ts';

const run = promisify(execFile);
const child = join(import.meta.dirname, 'build-child.ts');

function titleOf(out: string): string | undefined {
  return /<title>([^<]*)<\/title>/.exec(readFileSync(join(out, 'index.html'), 'utf8'))?.[1];
}

it('serializes two processes building the same output: both publish in turn and the result is whole', async () => {
  const parent = tempDir('livewiki-lock-');
  const out = join(parent, 'dist');
  const [a, b] = await Promise.all([
    run(process.execPath, [child, out, 'Wiki A']),
    run(process.execPath, [child, out, 'Wiki B']),
  ]);
  expect(JSON.parse(a.stdout)).toEqual({ published: true, codes: [] });
  expect(JSON.parse(b.stdout)).toEqual({ published: true, codes: [] });
  expect(['Wiki A', 'Wiki B']).toContain(titleOf(out));
  // Whichever came last, its own pages are all there and nothing else is left around.
  for (const route of ['demo/docs/guide', 'demo/api/pets']) expect(existsSync(join(out, route, 'index.html'))).toBe(true);
  expect(readdirSync(parent)).toEqual(['dist']);
});

it('serializes two builds of the same output in one process', async () => {
  const parent = tempDir('livewiki-lock-');
  const out = join(parent, 'dist');
  const [ra, rb] = await Promise.all([
    buildSite(makeBundle({ title: 'One' }), { outDir: out, diagnostics: new Diagnostics() }),
    buildSite(makeBundle({ title: 'Two' }), { outDir: out, diagnostics: new Diagnostics() }),
  ]);
  expect([ra.published, rb.published]).toEqual([true, true]);
  expect(['One', 'Two']).toContain(titleOf(out));
  expect(readdirSync(parent)).toEqual(['dist']);
});

it('gives up with E_OUT_DIR_LOCKED while a live process holds the lock, leaving the output alone', async () => {
  const parent = tempDir('livewiki-lock-');
  const out = join(parent, 'dist');
  expect((await buildSite(makeBundle({ title: 'Before' }), { outDir: out, diagnostics: new Diagnostics() })).published).toBe(true);
  writeFileSync(`${out}.livewiki-lock`, `${process.pid}\n`); // this test process is alive
  const d = new Diagnostics();
  const result = await buildSite(makeBundle({ title: 'After' }), { outDir: out, diagnostics: d, lockTimeoutMs: 300 });
  expect(result.published).toBe(false);
  expect(d.items.map((i) => i.code)).toEqual(['E_OUT_DIR_LOCKED']);
  expect(titleOf(out)).toBe('Before');
  expect(readFileSync(`${out}.livewiki-lock`, 'utf8')).toBe(`${process.pid}\n`);
});

it('takes over a lock left by a process that no longer exists', async () => {
  const parent = tempDir('livewiki-lock-');
  const out = join(parent, 'dist');
  const deadPid = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }));
  writeFileSync(`${out}.livewiki-lock`, `${deadPid}\n`);
  const d = new Diagnostics();
  const result = await buildSite(makeBundle(), { outDir: out, diagnostics: d, lockTimeoutMs: 5_000 });
  expect(result.published).toBe(true);
  expect(d.items).toEqual([]);
  expect(existsSync(`${out}.livewiki-lock`)).toBe(false);
});

// D16: pids repeat (a container of an earlier job, PID 1 above all): a lock names its owner's host
// and start, and a lock whose pid now belongs to another process is stale.
it('takes over a lock whose pid now names another process: another start, another host, or a pid-only lock older than the process', async () => {
  const parent = tempDir('livewiki-lock-');
  const out = join(parent, 'dist');
  const ours = parseLock(lockText())!;
  expect(ours).toMatchObject({ pid: process.pid, host: hostname() });
  expect(ours.start).toMatch(/^[0-9a-f-]+:\d+$/); // boot id and start ticks (Linux)
  const stale = [
    `1\nhost ${hostname()}\nstart ${ours.start!.split(':')[0]}:1\n`, // PID 1, but it started at another time
    `1\nhost ci-job-4711\nstart ${ours.start}\n`, // written in another container
    `1\n`, // an older livewiki's lock, written before PID 1 started (below)
  ];
  for (const text of stale) {
    writeFileSync(`${out}.livewiki-lock`, text);
    if (text === '1\n') utimesSync(`${out}.livewiki-lock`, new Date(0), new Date(0));
    const d = new Diagnostics();
    const result = await buildSite(makeBundle(), { outDir: out, diagnostics: d, lockTimeoutMs: 3_000 });
    expect(result.published, text).toBe(true);
    expect(d.items).toEqual([]);
    expect(existsSync(`${out}.livewiki-lock`)).toBe(false);
  }
  // Still waited for: this very process, as the lock names it.
  writeFileSync(`${out}.livewiki-lock`, lockText());
  const d = new Diagnostics();
  expect((await buildSite(makeBundle(), { outDir: out, diagnostics: d, lockTimeoutMs: 300 })).published).toBe(false);
  expect(d.items.map((i) => i.code)).toEqual(['E_OUT_DIR_LOCKED']);
});

// D13 / P1: the lock is held from before the previous ledger is read, so of two builds into one
// output the later one carries the earlier one's URLs.
it('keeps the URLs of both of two concurrent builds of different repositories into one output', async () => {
  const root = tempDir('livewiki-lock-');
  const out = join(root, 'site');
  const repos = ['a', 'b'].map((name) => {
    const r = TestRepo.init();
    removeAfterFile(r.root);
    r.write(`${name}.md`, `# ${name}\n\n## Part\n`).commit(name);
    return { name, r };
  });
  const results = await Promise.all(
    repos.map(async ({ name, r }) => {
      const c = await loadConfig({ cwd: r.root, out, cache: false });
      return build({ ...c, repos: c.repos.map((x) => ({ ...x, name })) });
    }),
  );
  expect(results.map((r) => r.published)).toEqual([true, true]);
  const ledger = JSON.parse(readFileSync(join(out, 'livewiki-ledger.json'), 'utf8')) as Ledger;
  const routes = ledger.entries.map((e) => e.route);
  expect(routes).toEqual(expect.arrayContaining(['/a/', '/a/a/', '/b/', '/b/b/']));
  // The later build's pages are live; the earlier one's still answer (as removed from this wiki).
  for (const route of ['/a/a/', '/b/b/']) expect(existsSync(join(out, route, 'index.html'))).toBe(true);
}, 180_000);

// F7 through the whole pipeline: the output folder is checked before the build locks it and
// reads its ledger; an unsafe one is refused once and left untouched.
it('refuses an unsafe output folder before reading anything from it, reported once', async () => {
  const repo = TestRepo.init();
  removeAfterFile(repo.root);
  repo.write('README.md', '# R\n').write('thesis.tex', 'precious\n').commit('init');
  const c = await loadConfig({ cwd: repo.root, out: repo.root, cache: false });
  const result = await build(c);
  expect(result.published).toBe(false);
  expect(result.diagnostics.filter((d) => d.code === 'E_OUT_DIR_UNSAFE')).toHaveLength(1);
  expect(readFileSync(join(repo.root, 'thesis.tex'), 'utf8')).toBe('precious\n');
  expect(existsSync(`${repo.root}.livewiki-lock`)).toBe(false);
});
