// TypeScript API pages in the whole pipeline: every exported symbol is a section whose
// provenance is the newest blamed commit of its declaration lines, renames followed.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { LivewikiJson } from '../../src/output/livewiki-json.ts';
import { build } from '../../src/pipeline/run.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { commitFacts, firstParentOrder, lastChangeOfLines } from '../helpers/git-truth.ts';

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

const source = (greeting: string) => `/** Adds two numbers. */
export function add(a: number, b: number): number {
  return a + b;
}

/** Greets someone. */
export function greet(name: string): string {
  return \`${greeting}, \${name}\`;
}

/** A client. */
export class Client {
  /** Connects. */
  connect(url: string): void {
    void url;
  }
}
`;

describe('TypeScript API through the whole pipeline', () => {
  it('gives every symbol the newest blamed commit of its declaration, across a file rename', async () => {
    const repo = TestRepo.init();
    temps.push(repo.root);
    repo
      .write('package.json', JSON.stringify({ name: 'calc', version: '1.0.0', types: './src/lib.ts' }, null, 2) + '\n')
      .write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext' } }) + '\n')
      .write('src/lib.ts', source('Hello'));
    const first = repo.commit('Add the calc library');
    repo.write('src/lib.ts', source('Hi'));
    const greeting = repo.commit('Friendlier greeting (#4)');
    repo.move('src/lib.ts', 'src/index.ts').write('package.json', JSON.stringify({ name: 'calc', version: '1.0.0', types: './src/index.ts' }, null, 2) + '\n');
    repo.commit('Rename lib to index');

    const out = join(mkdtempSync(join(tmpdir(), 'livewiki-ts-out-')), 'site');
    temps.push(join(out, '..'));
    const result = await build(await loadConfig({ cwd: repo.root, out }));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const wiki = JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson;
    const symbols = wiki.pages.flatMap((p) => p.sections.filter((s) => s.kind === 'symbol'));
    const byKey = new Map(symbols.map((s) => [s.key, s]));
    expect([...byKey.keys()].sort()).toEqual(expect.arrayContaining(['add', 'greet', 'Client']));
    expect(byKey.get('add')!.provenance!.commit).toBe(first);
    expect(byKey.get('greet')!.provenance!.commit).toBe(greeting);
    expect(byKey.get('greet')!.sources[0]!.path).toBe('src/index.ts');

    const order = firstParentOrder(repo);
    for (const s of symbols) {
      const expected = s.sources.map((src) => lastChangeOfLines(repo, src.path, src.lines!)).sort((a, b) => order.get(a)! - order.get(b)!)[0]!;
      expect(s.provenance!.commit, s.key).toBe(expected);
      expect(s.provenance!.subject, s.key).toBe(commitFacts(repo, expected).subject);
    }
  });
});

describe('TypeDoc results in the build cache', () => {
  it('does not convert an unchanged package again on the next build', async () => {
    const repo = TestRepo.init();
    temps.push(repo.root);
    repo
      .write('package.json', JSON.stringify({ name: 'calc', version: '1.0.0', types: './src/index.ts' }) + '\n')
      .write('src/index.ts', source('Hello'));
    repo.commit('Add calc');
    const root = mkdtempSync(join(tmpdir(), 'livewiki-ts-cache-'));
    temps.push(root);
    const config = await loadConfig({ cwd: repo.root, out: join(root, 'site'), cache: join(root, 'cache') });
    const first = await build(config);
    expect(first.cache!.byKind.typedoc).toMatchObject({ hits: 0, misses: 1, writes: 1 });
    const second = await build(config);
    expect(second.published).toBe(true);
    expect(second.cache!.byKind.typedoc).toMatchObject({ hits: 1, misses: 0, writes: 0 });
  });

  it('keeps only the conversion of the current sources, so the cache does not grow with every change', async () => {
    const repo = TestRepo.init();
    temps.push(repo.root);
    repo.write('package.json', JSON.stringify({ name: 'calc', version: '1.0.0', types: './src/index.ts' }) + '\n').write('src/index.ts', source('Hello'));
    repo.commit('Add calc');
    const root = mkdtempSync(join(tmpdir(), 'livewiki-ts-prune-'));
    temps.push(root);
    const config = await loadConfig({ cwd: repo.root, out: join(root, 'site'), cache: join(root, 'cache') });
    const entries = () => readdirSync(join(root, 'cache', 'typedoc'), { recursive: true, encoding: 'utf8' }).filter((n) => n.endsWith('.blob'));
    await build(config);
    const first = entries();
    expect(first).toHaveLength(1);
    repo.write('src/index.ts', source('Howdy'));
    repo.commit('Change the greeting');
    await build(config);
    const second = entries();
    expect(second).toHaveLength(1);
    expect(second).not.toEqual(first);
  });
});
