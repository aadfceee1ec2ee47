import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import { buildSite } from '../../src/site/index.ts';
import { tempDir } from '../helpers/temp.ts';
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
