// A three-package npm workspace: discovery (exports maps, build output mapped back to sources,
// tsconfig `extends`), one conversion per package, different symbols changed in different commits,
// and a renamed file that keeps its symbols' history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillBody } from '../../src/render/body.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import type { ExtractedPage } from '../../src/model/extracted.ts';
import { discoverTypeScript, type TsPackage } from '../../src/extract/typescript/index.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { lastChangeOfLines } from '../helpers/git-truth.ts';
import { extract, repoFiles } from './typescript-helpers.ts';

const json = (v: unknown): string => JSON.stringify(v, null, 2) + '\n';

describe('a three-package npm workspace', () => {
  let repo: TestRepo;
  let pkgs: TsPackage[];
  const pages = new Map<string, ExtractedPage[]>();
  const diags = new Map<string, Diagnostics>();
  const commits: string[] = [];

  beforeAll(async () => {
    repo = TestRepo.init();
    repo.write('package.json', json({ name: 'mono', private: true, workspaces: ['packages/*', '!packages/ignored'] }));
    repo.write('tsconfig.base.json', json({ compilerOptions: { strict: true, module: 'ESNext', moduleResolution: 'Bundler', allowImportingTsExtensions: true } }));
    for (const name of ['core', 'utils', 'app']) repo.write(`packages/${name}/tsconfig.json`, json({ extends: '../../tsconfig.base.json', compilerOptions: { outDir: 'lib', rootDir: 'src' }, include: ['src'] }));
    repo.write('packages/core/package.json', json({ name: '@mono/core', version: '0.1.0', types: 'src/index.ts' }));
    repo.write('packages/core/src/index.ts', '/** A thing. */\nexport interface Thing {\n  id: string;\n}\n\n/** Makes a thing. */\nexport function makeThing(id: string): Thing {\n  return { id };\n}\n');
    repo.write('packages/utils/package.json', json({
      name: '@mono/utils',
      exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' }, './extra': { types: './dist/extra.d.ts', default: './dist/extra.js' }, './package.json': './package.json' },
    }));
    repo.write('packages/utils/src/index.ts', 'export function pad(s: string, n: number): string {\n  return s.padStart(n);\n}\n');
    repo.write('packages/utils/src/extra.ts', 'export function shout(s: string): string {\n  return s.toUpperCase();\n}\n\nexport const LOUD = true;\n');
    repo.write('packages/app/package.json', json({ name: '@mono/app', main: 'lib/main.js' }));
    repo.write('packages/app/src/main.ts', "import type { Thing } from '@mono/core';\n\nexport function run(t: Thing): string {\n  return t.id;\n}\n");
    repo.write('packages/js-only/package.json', json({ name: 'js-only', main: 'index.js' })).write('packages/js-only/index.js', 'module.exports = 1;\n');
    repo.write('packages/ignored/package.json', json({ name: 'ignored', types: 'index.ts' })).write('packages/ignored/index.ts', 'export const x = 1;\n');
    commits.push(repo.commit('Workspace'));
    repo.write('packages/utils/src/extra.ts', 'export function shout(s: string): string {\n  return `${s.toUpperCase()}!`;\n}\n\nexport const LOUD = true;\n');
    commits.push(repo.commit('Louder'));
    repo.move('packages/core/src/index.ts', 'packages/core/src/core.ts');
    repo.write('packages/core/package.json', json({ name: '@mono/core', version: '0.1.0', types: 'src/core.ts' }));
    commits.push(repo.commit('Rename core entry'));

    const files = repoFiles(repo, 'mono');
    pkgs = discoverTypeScript(files, [], new Diagnostics());
    for (const pkg of pkgs) {
      const result = await extract(files, pkg);
      pages.set(pkg.name, result.pages);
      diags.set(pkg.name, result.diagnostics);
    }
  }, 30_000);
  afterAll(() => repo.cleanup());

  it('finds the three TypeScript packages of the workspace and their entry points', () => {
    expect(pkgs).toEqual([
      { dir: 'packages/app', name: '@mono/app', entryPoints: ['packages/app/src/main.ts'] },
      { dir: 'packages/core', name: '@mono/core', entryPoints: ['packages/core/src/core.ts'] },
      { dir: 'packages/utils', name: '@mono/utils', entryPoints: ['packages/utils/src/index.ts', 'packages/utils/src/extra.ts'] },
    ]);
  });

  it('gives each package its own pages under its name, in its own navigation folder', () => {
    const summary = Object.fromEntries([...pages].map(([name, ps]) => [name, ps.map((p) => `${p.route} ${p.navDir} ${p.sections.map((s) => s.key).join(',')}`)]));
    expect(summary).toEqual({
      '@mono/app': ['/mono/ts/mono-app/ packages/app ', '/mono/ts/mono-app/main/ packages/app run'],
      '@mono/core': ['/mono/ts/mono-core/ packages/core ', '/mono/ts/mono-core/core/ packages/core Thing,Thing.id,makeThing'],
      '@mono/utils': ['/mono/ts/mono-utils/ packages/utils ', '/mono/ts/mono-utils/extra/ packages/utils LOUD,shout', '/mono/ts/mono-utils/index/ packages/utils pad'],
    });
    expect(pages.get('@mono/utils')!.map((p) => p.id)).toEqual(['mono/typescript/packages/utils', 'mono/typescript/packages/utils/extra', 'mono/typescript/packages/utils/index']);
  });

  it('attributes each symbol to the commit that last changed its declaration lines, across a rename', () => {
    const latest = (pkg: string, key: string): string => {
      const section = pages.get(pkg)!.flatMap((p) => p.sections).find((s) => s.key === key)!;
      const ref = section.sources[0]!;
      return lastChangeOfLines(repo, ref.path, ref.lines!);
    };
    expect(latest('@mono/utils', 'shout')).toEqual(commits[1]);
    expect(latest('@mono/utils', 'LOUD')).toEqual(commits[0]);
    expect(latest('@mono/utils', 'pad')).toEqual(commits[0]);
    const make = pages.get('@mono/core')!.flatMap((p) => p.sections).find((s) => s.key === 'makeThing')!;
    expect(make.sources).toEqual([{ repo: 'mono', path: 'packages/core/src/core.ts', lines: [6, 9] }]);
    expect(latest('@mono/core', 'makeThing')).toEqual(commits[0]);
  });

  it('documents a package whose workspace dependency is not installed, with one warning', () => {
    const d = diags.get('@mono/app')!;
    expect(d.items.map((i) => i.code)).toEqual(['W_TS_UNRESOLVED']);
    expect(d.items[0]!.message).toContain('@mono/core');
    const body = fillBody(pages.get('@mono/app')![1]!.body, () => '');
    expect(body).toContain('function run(t: Thing): string');
    expect(diags.get('@mono/core')!.items).toEqual([]);
    expect(diags.get('@mono/utils')!.items).toEqual([]);
  });
});

describe('TypeScript package discovery', () => {
  const files = (entries: Record<string, string>) => ({
    repo: 'r',
    root: '/nonexistent',
    paths: Object.keys(entries).sort(),
    read: (p: string) => entries[p] ?? null,
  });

  it('reads pnpm workspaces and a pure-data typedoc.json entryPoints', () => {
    const d = new Diagnostics();
    const found = discoverTypeScript(
      files({
        'pnpm-workspace.yaml': "packages:\n  - 'libs/*'\n",
        'libs/a/package.json': json({ name: 'a', types: 'dist/index.d.ts' }),
        'libs/a/src/index.ts': 'export const a = 1;',
        'libs/b/package.json': json({ name: 'b' }),
        'libs/b/typedoc.json': json({ entryPoints: ['src/public.ts'], plugin: ['./evil.js'] }),
        'libs/b/src/public.ts': 'export const b = 1;',
        'other/package.json': json({ name: 'not-in-workspace', types: 'index.ts' }),
        'other/index.ts': 'export const o = 1;',
      }),
      [],
      d,
    );
    expect(found).toEqual([
      { dir: 'libs/a', name: 'a', entryPoints: ['libs/a/src/index.ts'] },
      { dir: 'libs/b', name: 'b', entryPoints: ['libs/b/src/public.ts'] },
    ]);
    expect(d.items).toEqual([]);
  });

  it('takes configured entry points and reports one that is not tracked', () => {
    const d = new Diagnostics();
    const found = discoverTypeScript(
      files({ 'tools/x/src/a.ts': 'export const a = 1;', 'tools/x/src/b.ts': 'export const b = 1;' }),
      [{ dir: 'tools/x', entryPoints: ['src/a.ts', 'src/missing.ts'] }],
      d,
    );
    expect(found).toEqual([{ dir: 'tools/x', name: 'x', entryPoints: ['tools/x/src/a.ts'] }]);
    expect(d.items.map((i) => [i.code, i.file])).toEqual([['E_TS_ENTRY_MISSING', 'tools/x/src/missing.ts']]);
  });

  it('does not treat a JavaScript-only package as TypeScript', () => {
    expect(discoverTypeScript(files({ 'package.json': json({ name: 'js', main: 'index.js' }), 'index.js': '' }), [], new Diagnostics())).toEqual([]);
  });
});
