import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import type { SitePage } from '../../src/model/site.ts';
import { buildSite, type SiteStage } from '../../src/site/index.ts';
import { tempDir } from '../helpers/temp.ts';
import { makeBundle } from './fixture.ts';
import { readTree, treeDiff } from './tree.ts';

function freshParent(): string {
  return tempDir('livewiki-pub-');
}

describe('a failed build', () => {
  const parent = freshParent();
  const out = join(parent, 'dist');
  let before: Map<string, Buffer>;

  beforeAll(async () => {
    const d = new Diagnostics();
    expect((await buildSite(makeBundle(), { outDir: out, diagnostics: d })).published).toBe(true);
    before = readTree(out);
  });

  const changed = () => makeBundle({ title: 'Changed wiki' });

  for (const failing of ['workspace', 'astro', 'assets', 'search', 'verify', 'publish'] as SiteStage[]) {
    it(`at stage "${failing}" leaves the previous output byte-identical and no temp folder`, async () => {
      const d = new Diagnostics();
      const result = await buildSite(changed(), {
        outDir: out,
        diagnostics: d,
        onStage: (stage) => {
          if (stage === failing) throw new Error(`injected failure at ${stage}`);
        },
      });
      expect(result.published).toBe(false);
      expect(d.items.map((i) => [i.code, i.message])).toEqual([['E_SITE_BUILD', `The site build failed: injected failure at ${failing}`]]);
      expect(treeDiff(readTree(out), before)).toEqual([]);
      expect(readdirSync(parent)).toEqual(['dist']);
    });
  }

  it('inside Astro (a malformed page) is reported and leaves the previous output byte-identical', async () => {
    const bundle = changed();
    (bundle.pages[1] as unknown as { nav: unknown }).nav = undefined;
    const d = new Diagnostics();
    const result = await buildSite(bundle, { outDir: out, diagnostics: d });
    expect(result.published).toBe(false);
    expect(d.items.some((i) => i.code === 'E_SITE_BUILD' && i.message.startsWith('Astro could not build the site:'))).toBe(true);
    expect(treeDiff(readTree(out), before)).toEqual([]);
    expect(readdirSync(parent)).toEqual(['dist']);
  });

  it('is followed by a successful rebuild that replaces the output', async () => {
    const d = new Diagnostics();
    expect((await buildSite(changed(), { outDir: out, diagnostics: d })).published).toBe(true);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('<title>Changed wiki</title>');
    expect(readdirSync(parent)).toEqual(['dist']);
  });
});

describe('the output folder', () => {
  it('drops pages whose route would escape or collide, with one diagnostic each', async () => {
    const parent = freshParent();
    const bundle = makeBundle();
    const extra = (route: string): SitePage => ({ ...bundle.pages[1]!, route, title: `bad ${route}` });
    bundle.pages.push(extra('/../escape/'), extra('/pagefind/'), extra('/demo/docs/guide/'), extra('no-slash'), extra('/a/.git/'));
    const d = new Diagnostics();
    const result = await buildSite(bundle, { outDir: join(parent, 'dist'), diagnostics: d });
    expect(result.published).toBe(true);
    expect(result.pages).toBe(5);
    expect(d.items.map((i) => i.code)).toEqual(Array(5).fill('E_SITE_ROUTE'));
    expect(existsSync(join(parent, 'escape'))).toBe(false);
  });

  it('is cleaned of temp folders left by a killed build', async () => {
    const parent = freshParent();
    const out = join(parent, 'dist');
    mkdirSync(join(parent, 'dist.livewiki-tmp-999999-dead/site'), { recursive: true });
    writeFileSync(join(parent, 'dist.livewiki-tmp-999999-dead/site/index.html'), 'half');
    mkdirSync(join(parent, 'dist.livewiki-old-999999-dead'));
    const d = new Diagnostics();
    expect((await buildSite(makeBundle(), { outDir: out, diagnostics: d })).published).toBe(true);
    expect(d.items.map((i) => i.code)).toEqual(['I_SITE_STALE_CLEANED']);
    expect(readdirSync(parent)).toEqual(['dist']);
  });

  describe('is refused (E_OUT_DIR_UNSAFE) and left untouched when it', () => {
    const refused = async (outDir: string, cwd?: string) => {
      const d = new Diagnostics();
      const result = await buildSite(makeBundle(), { outDir, diagnostics: d, ...(cwd ? { cwd } : {}) });
      expect(result.published).toBe(false);
      expect(d.items.map((i) => i.code)).toEqual(['E_OUT_DIR_UNSAFE']);
      return d.items[0]!.message;
    };

    it('is the file system root', async () => {
      expect(await refused('/')).toContain('file system root');
    });

    it('is the home folder', async () => {
      expect(await refused(homedir())).toContain('home folder');
    });

    it('is the current folder or a parent of it', async () => {
      const parent = freshParent();
      const cwd = join(parent, 'project');
      mkdirSync(cwd);
      expect(await refused('.', cwd)).toContain('current folder');
      expect(await refused('..', cwd)).toContain('current folder');
    });

    it('is a git repository root', async () => {
      const repo = freshParent();
      execFileSync('git', ['init', '-q', repo]);
      expect(await refused(repo)).toContain('git repository');
      expect(readdirSync(repo)).toEqual(['.git']);
    });

    it('is a non-empty folder without the livewiki marker', async () => {
      const dir = freshParent();
      writeFileSync(join(dir, 'thesis.tex'), 'precious');
      expect(await refused(dir)).toContain('.livewiki-output');
      expect(readFileSync(join(dir, 'thesis.tex'), 'utf8')).toBe('precious');
    });

    it('is a file or a symbolic link', async () => {
      const parent = freshParent();
      writeFileSync(join(parent, 'file'), 'x');
      symlinkSync(parent, join(parent, 'link'));
      expect(await refused(join(parent, 'file'))).toContain('not a folder');
      expect(await refused(join(parent, 'link'))).toContain('symbolic link');
    });
  });

  it('accepts an empty existing folder', async () => {
    const dir = freshParent();
    const d = new Diagnostics();
    expect((await buildSite(makeBundle(), { outDir: dir, diagnostics: d })).published).toBe(true);
    expect(existsSync(join(dir, '.livewiki-output'))).toBe(true);
  });
});
