// A hostile repository: TypeDoc configs in JS, plugins named everywhere, `{@include}` of a file
// outside the repository (directly, nested, via @includeCode and @document), an untracked file,
// and an import of a dependency that is not installed. Plus the cache and the timeout.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractedPage } from '../../src/model/extracted.ts';
import type { Diagnostics } from '../../src/model/diagnostics.ts';
import { CacheStore } from '../../src/cache/index.ts';
import { discoverTypeScript } from '../../src/extract/typescript/index.ts';
import { Diagnostics as Diags } from '../../src/model/diagnostics.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { bodyOf, extract, repoFiles } from './typescript-helpers.ts';

const SENTINEL = 'SENTINEL-OUTSIDE-4242';
const UNTRACKED = 'UNTRACKED-NOTES-7777';

describe('a malicious repository', () => {
  let outer: string;
  let repo: TestRepo;
  let pages: ExtractedPage[];
  let diagnostics: Diagnostics;
  let everything: string;
  const canaries = () => readdirSync(outer).filter((f) => f.startsWith('canary'));

  beforeAll(async () => {
    outer = mkdtempSync(join(tmpdir(), 'livewiki-ts-evil-'));
    writeFileSync(join(outer, 'outside.txt'), `${SENTINEL}\n`);
    const canary = (name: string) => JSON.stringify(join(outer, `canary-${name}`));
    mkdirSync(join(outer, 'repo'));
    repo = new TestRepo(join(outer, 'repo'));
    repo.git('init', '-q', '-b', 'main');
    repo.write('package.json', JSON.stringify({ name: 'evil-pkg', types: 'src/index.ts', typedocOptions: { plugin: ['./evil.js'] }, scripts: { postinstall: 'node evil.js' } }));
    repo.write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true }, typedocOptions: { plugin: ['./evil.js'] }, include: ['src'] }));
    repo.write('typedoc.json', JSON.stringify({ plugin: ['./evil.js'], entryPoints: ['src/index.ts'] }));
    repo.write('typedoc.config.js', `require('node:fs').writeFileSync(${canary('config-js')}, 'x'); module.exports = { plugin: ['./evil.js'] };\n`);
    repo.write('typedoc.config.mjs', `import { writeFileSync } from 'node:fs'; writeFileSync(${canary('config-mjs')}, 'x'); export default {};\n`);
    repo.write('typedoc.config.cjs', `require('node:fs').writeFileSync(${canary('config-cjs')}, 'x');\n`);
    repo.write('evil.js', `require('node:fs').writeFileSync(${canary('plugin')}, 'x'); exports.load = () => {};\n`);
    repo.write('src/docs/nested.md', 'Nested text {@include ../../../outside.txt}\n');
    repo.write('src/usage.md', 'USAGE-INCLUDED-OK\n');
    repo.write(
      'src/index.ts',
      [
        "import type { z } from 'zod';",
        '/** Direct: {@include ../../outside.txt} */',
        'export function direct(): void {}',
        '/** Code: {@includeCode ../../outside.txt} */',
        'export function code(): void {}',
        '/** Nested: {@include ./docs/nested.md} */',
        'export function nested(): void {}',
        '/** Good: {@include ./usage.md} */',
        'export function good(): void {}',
        '/** Untracked: {@include ./untracked-notes.md} */',
        'export function untracked(): void {}',
        '/**',
        ' * Document tag.',
        ' * @document ../../outside.txt',
        ' */',
        'export function documented(): void {}',
        '/** Parses with a schema from a dependency that is not installed. */',
        'export function parse(schema: z.ZodType<string>, input: unknown): z.infer<typeof schema> {',
        '  return schema.parse(input);',
        '}',
        '',
      ].join('\n'),
    );
    repo.commit('Evil');
    repo.write('src/untracked-notes.md', `${UNTRACKED}\n`);
    const files = repoFiles(repo, 'evil');
    const [pkg] = discoverTypeScript(files, [], new Diags());
    ({ pages, diagnostics } = await extract(files, pkg!));
    everything = JSON.stringify(pages) + pages.map((p) => bodyOf(p)).join('\n') + JSON.stringify(diagnostics.items);
  }, 30_000);
  afterAll(() => rmSync(outer, { recursive: true, force: true }));

  it('never runs the repository’s TypeDoc configs or the plugins it names', () => {
    expect(canaries()).toEqual([]);
    expect(existsSync(join(outer, 'canary-plugin'))).toBe(false);
  });

  it('refuses includes that leave the repository, directly, nested and as code, and says so', () => {
    expect(everything).not.toContain(SENTINEL);
    const refused = diagnostics.items.filter((d) => d.code === 'E_TS_INCLUDE_OUTSIDE');
    // Located at the tag's line (C2).
    expect(refused.map((d) => [d.file, d.line, d.message])).toEqual([
      ['src/index.ts', 2, '@include of "../../outside.txt" refused: it leaves the package\'s tracked files.'],
      ['src/index.ts', 4, '@includeCode of "../../outside.txt" refused: it leaves the package\'s tracked files.'],
      ['src/index.ts', 6, '@include of "./docs/nested.md" refused: it leaves the package\'s tracked files.'],
    ]);
    expect(pages[0]!.banners?.filter((b) => b.severity === 'error')).toHaveLength(3);
    expect(everything).toContain('(include refused)');
  });

  it('includes tracked files of the repository but never untracked ones', () => {
    const body = bodyOf(pages[1]!);
    expect(body).toContain('USAGE-INCLUDED-OK');
    expect(everything).not.toContain(UNTRACKED);
  });

  it('documents an import of a dependency that is not installed as written, with one warning', () => {
    const unresolved = diagnostics.items.filter((d) => d.code === 'W_TS_UNRESOLVED');
    expect(unresolved).toHaveLength(1);
    expect(unresolved[0]!.message).toContain('zod');
    expect(bodyOf(pages[1]!)).toContain('function parse(schema: ZodType&lt;string&gt;, input: unknown): infer&lt;ZodType&lt;string&gt;&gt;');
    expect(diagnostics.items.filter((d) => !['E_TS_INCLUDE_OUTSIDE', 'W_TS_UNRESOLVED'].includes(d.code))).toEqual([]);
    expect(pages[1]!.sections.map((s) => s.key)).toEqual(['code', 'direct', 'documented', 'good', 'nested', 'parse', 'untracked']);
  });
});

describe('the TypeScript conversion cache and limits', () => {
  let repo: TestRepo;
  let cacheDir: string;
  beforeAll(() => {
    repo = TestRepo.init();
    repo.write('package.json', JSON.stringify({ name: 'cached', types: 'index.ts' }));
    repo.write('index.ts', '/** One. */\nexport const one = 1;\n');
    repo.commit('One');
    cacheDir = mkdtempSync(join(tmpdir(), 'livewiki-ts-cache-'));
  });
  afterAll(() => {
    repo.cleanup();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('reuses the cached conversion of an unchanged package and ignores a corrupt cache entry', async () => {
    const files = repoFiles(repo, 'c');
    const pkg = { dir: '', name: 'cached', entryPoints: ['index.ts'] };
    const store = new CacheStore(cacheDir, 'salt');
    const first = await extract(files, pkg, { store });
    expect(store.stats().byKind.typedoc).toMatchObject({ hits: 0, misses: 1, writes: 1 });
    const entries = readdirSync(join(cacheDir, 'typedoc'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.blob'));
    expect(entries).toHaveLength(1);

    const second = await extract(files, pkg, { store });
    expect(store.stats().byKind.typedoc).toMatchObject({ hits: 1, misses: 1, writes: 1 });
    expect(second.bodies).toEqual(first.bodies);
    expect(second.pages.map((p) => p.sections)).toEqual(first.pages.map((p) => p.sections));

    const file = join(cacheDir, 'typedoc', entries[0]!);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"modules"', '"modulez"'));
    const diagnostics = new Diags();
    const rebuilt = new CacheStore(cacheDir, 'salt', diagnostics);
    const third = await extract(files, pkg, { store: rebuilt });
    expect(rebuilt.stats().byKind.typedoc).toMatchObject({ hits: 0, rebuilt: 1, writes: 1 });
    expect(diagnostics.items.map((d) => d.code)).toEqual(['I_CACHE_REBUILT']);
    expect(third.bodies).toEqual(first.bodies);
  });

  it('converts again when a file of the package changes', async () => {
    repo.write('index.ts', '/** One. */\nexport const one = 1;\nexport const two = 2;\n');
    repo.commit('Two');
    const store = new CacheStore(cacheDir, 'salt');
    const { pages } = await extract(repoFiles(repo, 'c'), { dir: '', name: 'cached', entryPoints: ['index.ts'] }, { store });
    expect(store.stats().byKind.typedoc).toMatchObject({ hits: 0, misses: 1, writes: 1 });
    expect(pages[1]!.sections.map((s) => s.key)).toEqual(['one', 'two']);
  });

  it('stops a conversion that exceeds its time budget and shows why on the package page', async () => {
    const { pages, diagnostics } = await extract(repoFiles(repo, 'c'), { dir: '', name: 'cached', entryPoints: ['index.ts'] }, { limits: { timeoutMs: 20 } });
    expect(diagnostics.items.map((d) => d.code)).toEqual(['E_TS_TIMEOUT']);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.banners).toEqual([{ severity: 'error', message: 'cached: TypeDoc did not finish within 20 ms.' }]);
  });
});
