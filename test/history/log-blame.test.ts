// The one-pass blame engine against git itself: for scripted histories covering every case the
// engine must handle, every line's commit must equal `git blame --first-parent` (resp.
// `--ignore-revs-file`), with and without the former names the history index provides, and
// the engine (not its git blame fallback) must have computed it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isolatedGitEnv, TestRepo } from '../helpers/git-repo.ts';
import { openRepo } from '../../src/git/repo.ts';
import { buildHistoryIndex } from '../../src/history/log.ts';
import { logBlame, type LogBlameResult } from '../../src/history/log-blame.ts';

function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

/** `git blame --first-parent --porcelain HEAD -- <path>`: the commit of every line (the oracle). */
function gitBlame(root: string, path: string, extra: string[] = [], config: string[] = []): string[] {
  const out = execFileSync('git', [...config, 'blame', '--first-parent', '--porcelain', ...extra, 'HEAD', '--', path], {
    cwd: root,
    env: isolatedGitEnv(),
    encoding: 'latin1',
    maxBuffer: 1 << 28,
  });
  const shas: string[] = [];
  let header = true;
  for (const line of out.split('\n')) {
    if (header) {
      const m = /^([0-9a-f]{40}) \d+ (\d+)/.exec(line);
      if (m) {
        shas[Number(m[2]) - 1] = m[1]!;
        header = false;
      }
    } else if (line.startsWith('\t')) header = true;
  }
  return shas;
}

function trackedFiles(root: string): string[] {
  return execFileSync('git', ['ls-tree', '-r', '-z', '--name-only', 'HEAD'], { cwd: root, env: isolatedGitEnv(), encoding: 'utf8' })
    .split('\0')
    .filter((p) => p !== '');
}

interface Check {
  /** Files expected to go to git blame (not the engine). */
  viaGit?: string[];
  ignoreRevs?: string[];
  /** Extra `git blame` arguments for the oracle. */
  oracle?: string[];
}

/**
 * Runs the engine on every tracked file (symlinks excluded), with the history index's former
 * names and without any, and compares each line with git blame.
 */
async function expectSameAsGit(root: string, check: Check = {}): Promise<LogBlameResult[]> {
  const git = must(await openRepo(root));
  const index = must(await buildHistoryIndex(git));
  const modes = execFileSync('git', ['ls-tree', '-r', '-z', 'HEAD'], { cwd: root, env: isolatedGitEnv(), encoding: 'utf8' });
  const links = new Set(modes.split('\0').filter((r) => r.startsWith('120000')).map((r) => r.slice(r.indexOf('\t') + 1)));
  const paths = trackedFiles(root).filter((p) => !links.has(p));
  const results: LogBlameResult[] = [];
  for (const withFormer of [true, false]) {
    const files = paths.map((path) => ({ path, formerPaths: withFormer ? index.formerPaths(path) : [] }));
    const result = await logBlame(git, { head: git.head!, files, ignoreRevs: check.ignoreRevs });
    for (const path of paths) {
      const expected = gitBlame(root, path, check.oracle);
      const got = result.blames.get(path);
      expect(got?.lines, `${path} (${withFormer ? 'with' : 'without'} former names)`).toEqual(expected);
      const viaGit = check.viaGit?.includes(path) ?? false;
      if (!check.ignoreRevs) expect(got?.via, path).toBe(viaGit ? 'git' : 'log');
    }
    expect(result.stats.fallbacks.map((f) => f.path).sort()).toEqual([...(check.viaGit ?? [])].sort());
    expect(result.failures.size).toBe(0);
    results.push(result);
  }
  return results;
}

const lines = (n: number, tag: string): string => Array.from({ length: n }, (_, i) => `${tag} line ${i + 1}`).join('\n') + '\n';

/** Replaces lines [from, to) of `path` (0-based, in the work tree) with `insert`. */
function splice(repo: TestRepo, path: string, from: number, to: number, insert: string[]): void {
  const cur = readFileSync(join(repo.root, path), 'utf8').split('\n');
  const last = cur.pop(); // '' after a final newline
  cur.splice(from, to - from, ...insert);
  repo.write(path, cur.join('\n') + (last === '' ? '\n' : last));
}

const repos: TestRepo[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const r of repos) r.cleanup();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const newRepo = (): TestRepo => {
  const r = TestRepo.init();
  repos.push(r);
  return r;
};

describe('one-pass blame equals git blame --first-parent', () => {
  it('edits, inserts, deletes and moved lines over many commits', async () => {
    const repo = newRepo();
    repo.write('doc.md', lines(40, 'doc')).write('still.md', lines(5, 'still'));
    repo.commit('initial');
    splice(repo, 'doc.md', 3, 5, ['changed a', 'changed b']);
    repo.commit('replace 4-5');
    splice(repo, 'doc.md', 10, 10, ['inserted 1', 'inserted 2', 'inserted 3']);
    repo.commit('insert after 10');
    splice(repo, 'doc.md', 20, 26, []);
    repo.commit('delete 21-26');
    splice(repo, 'doc.md', 0, 1, ['new first line']);
    splice(repo, 'doc.md', 34, 36, ['new last lines', '}', '']);
    repo.commit('first and last');
    // Repeated lines: where a diff puts them is the diff algorithm's choice (sliders).
    splice(repo, 'doc.md', 12, 12, ['}', '', '}', '']);
    repo.commit('sliders');
    splice(repo, 'doc.md', 2, 30, repo.git('show', 'HEAD:doc.md').split('\n').slice(2, 30).reverse());
    repo.commit('reverse a block');
    await expectSameAsGit(repo.root);
  });

  it('a repeated block inserted before a long common tail lands where blame puts it', async () => {
    // git blame diffs without context, which trims the common tail before diffing: the inserted
    // block then sits near the top (new lines 5-7); a diff with context puts it near the end.
    const repo = newRepo();
    repo.write('blocks.ts', 'head\n' + '{\n  v\n}\n'.repeat(400) + 'tail\n');
    repo.commit('initial');
    repo.write('blocks.ts', 'head\n' + '{\n  v\n}\n'.repeat(401) + 'tail\n');
    const insert = repo.commit('one more block');
    const results = await expectSameAsGit(repo.root);
    expect(results[0]!.blames.get('blocks.ts')!.lines.indexOf(insert)).toBeLessThan(100);
  });

  it('files without a final newline, CRLF, and line endings that change', async () => {
    const repo = newRepo();
    repo.write('open.txt', 'one\ntwo\nthree').write('crlf.txt', 'a\r\nb\r\nc\r\n').write('mixed.txt', lines(6, 'mixed'));
    repo.commit('initial');
    repo.write('open.txt', 'one\ntwo\nthree\nfour');
    repo.write('crlf.txt', 'a\r\nB\r\nc\r\nd\r\n');
    repo.commit('append');
    repo.write('open.txt', 'one\ntwo\nthree\nfour\n');
    repo.write('mixed.txt', lines(6, 'mixed').replace(/\n/g, '\r\n'));
    repo.commit('final newline, CRLF');
    repo.write('open.txt', 'zero\none\ntwo\nthree\nfour');
    repo.write('crlf.txt', 'a\r\nB\r\nc\r\nd');
    repo.commit('drop final newlines');
    await expectSameAsGit(repo.root);
  });

  it('binary content and lines that look like diff syntax', async () => {
    const repo = newRepo();
    const bin = (n: number): Buffer => Buffer.concat([Buffer.from([0, 1, 2, 0x1e, 0x1f, 10]), Buffer.from(lines(n, 'bin\x00x')), Buffer.from([0xff, 0xfe, 10])]);
    const tricky = ['diff --git a/x b/x', '@@ -1,2 +1,2 @@', '\\ No newline at end of file', '+++ b/evil', '--- a/evil', ' space', '\x1e\x1f\x00', ':100644 100644 x'];
    repo.write('blob.bin', bin(5)).write('tricky.md', tricky.join('\n') + '\n');
    repo.commit('initial');
    repo.write('blob.bin', Buffer.concat([bin(5), Buffer.from([0, 0, 10])]));
    repo.write('tricky.md', ['start', ...tricky, '@@ -9 +9 @@', ...tricky.slice(0, 3)].join('\n') + '\n');
    repo.commit('edit both');
    repo.write('blob.bin', bin(8));
    splice(repo, 'tricky.md', 2, 4, ['+ plus', '- minus', 'diff --git a/y b/y']);
    repo.commit('edit again');
    await expectSameAsGit(repo.root);
  });

  it('empty files, files that become empty and files filled again', async () => {
    const repo = newRepo();
    repo.write('empty.md', '').write('emptied.md', lines(3, 'e')).write('filled.md', '');
    repo.commit('initial');
    repo.write('emptied.md', '').write('filled.md', lines(4, 'f'));
    repo.commit('swap');
    repo.write('filled.md', lines(5, 'f'));
    repo.commit('grow');
    const results = await expectSameAsGit(repo.root);
    expect(results[0]!.blames.get('empty.md')!.lines).toEqual([]);
  });

  it('files deleted and added again, identical or not', async () => {
    const repo = newRepo();
    repo.write('back.md', lines(6, 'back')).write('same.md', lines(4, 'same'));
    repo.commit('initial');
    splice(repo, 'back.md', 1, 2, ['edited']);
    repo.commit('edit');
    repo.remove('back.md').remove('same.md');
    repo.commit('delete');
    repo.write('back.md', lines(6, 'back')).write('same.md', lines(4, 'same'));
    repo.commit('add again');
    splice(repo, 'back.md', 4, 5, ['later']);
    repo.commit('edit after re-adding');
    await expectSameAsGit(repo.root);
  });

  it('renames, with edits in the same commit, into other folders, several times', async () => {
    const repo = newRepo();
    repo.write('docs/guide.md', lines(30, 'guide')).write('api.yaml', lines(20, 'api'));
    repo.commit('initial');
    splice(repo, 'docs/guide.md', 2, 3, ['guide edited']);
    repo.commit('edit');
    repo.move('docs/guide.md', 'handbook/intro.md');
    splice(repo, 'handbook/intro.md', 10, 10, ['added while renaming']);
    repo.commit('rename and edit');
    repo.move('api.yaml', 'spec/openapi.yaml');
    repo.commit('pure rename');
    splice(repo, 'spec/openapi.yaml', 0, 2, ['openapi: 3.1.0']);
    repo.move('handbook/intro.md', 'handbook/start.md');
    repo.commit('edit one, rename the other');
    await expectSameAsGit(repo.root);
  });

  it('merges: only the first parent counts, side-branch lines land on the merge', async () => {
    const repo = newRepo();
    repo.write('shared.md', lines(20, 'shared')).write('moved.md', lines(10, 'moved'));
    repo.commit('initial');
    repo.git('checkout', '-q', '-b', 'side');
    splice(repo, 'shared.md', 14, 16, ['side 15', 'side 16']);
    repo.commit('side edit');
    repo.move('moved.md', 'side/moved.md');
    splice(repo, 'side/moved.md', 0, 1, ['side first']);
    repo.commit('side rename');
    repo.git('checkout', '-q', 'main');
    splice(repo, 'shared.md', 1, 2, ['main 2']);
    repo.commit('main edit');
    repo.merge('side', { message: 'Merge pull request #1 from someone/side' });
    splice(repo, 'shared.md', 5, 6, ['after merge']);
    repo.commit('after merge');
    await expectSameAsGit(repo.root);
  });

  it('paths with spaces, tabs, quotes, backslashes, non-ASCII and a leading dash', async () => {
    const repo = newRepo();
    const names = ['sp ace.md', 'tab\there.md', 'quo"te.md', 'back\\slash.md', 'unicodé ✓.md', '-dash.md', 'dir with space/a b.md'];
    for (const n of names) repo.write(n, lines(5, n));
    repo.commit('initial');
    for (const n of names) splice(repo, n, 2, 3, [`edited ${n}`]);
    repo.commit('edit all');
    repo.move('sp ace.md', 'renamed sp ace "x".md');
    repo.commit('rename');
    await expectSameAsGit(repo.root);
  });

  it('a path with a newline goes to git blame, counted', async () => {
    const repo = newRepo();
    repo.write('new\nline.md', lines(4, 'nl')).write('plain.md', lines(3, 'plain'));
    repo.commit('initial');
    splice(repo, 'new\nline.md', 1, 2, ['edited']);
    repo.commit('edit');
    await expectSameAsGit(repo.root, { viaGit: ['new\nline.md'] });
  });

  it('type changes and a path that was a folder', async () => {
    const repo = newRepo();
    repo.write('target.md', lines(3, 'target')).write('x/inner.md', lines(4, 'inner'));
    symlinkSync('target.md', join(repo.root, 'link.md'));
    repo.commit('initial');
    unlinkSync(join(repo.root, 'link.md'));
    repo.write('link.md', lines(3, 'target'));
    repo.remove('x');
    repo.write('x', lines(4, 'inner'));
    repo.commit('symlink becomes a file, folder becomes a file');
    splice(repo, 'link.md', 0, 1, ['edited']);
    repo.commit('edit');
    await expectSameAsGit(repo.root);
  });

  it('rename sources git blame picks differently from git log -M: the walk resumes from git answer', async () => {
    const repo = newRepo();
    // Identical copies: log pairs each of two destinations with its own copy, blame takes the
    // first copy in path order for both. A crosswise inexact match: log pairs old/a with new/one
    // (the best pair overall) and leaves new/two without a source; blame, which looks for one
    // destination at a time, gives new/two old/a (its best source).
    const base = lines(40, 'common');
    repo.write('copy/a/util.ts', lines(12, 'util')).write('copy/b/util.ts', lines(12, 'util'));
    repo.write('old/a.md', base).write('old/b.md', lines(20, 'other') + base.split('\n').slice(0, 12).join('\n') + '\n');
    repo.commit('initial');
    splice(repo, 'copy/b/util.ts', 3, 4, ['only in b']);
    repo.commit('b diverges');
    splice(repo, 'copy/b/util.ts', 3, 4, ['util line 4']);
    repo.commit('b converges again');
    repo.remove('copy').write('lib/util.ts', lines(12, 'util')).write('vendor/util.ts', lines(12, 'util'));
    const a = base.split('\n');
    repo.remove('old');
    repo.write('new/one.md', [...a.slice(0, 38), 'one', ''].join('\n'));
    repo.write('new/two.md', [...a.slice(0, 30), 'two 1', 'two 2', 'two 3', 'two 4', 'two 5', ''].join('\n'));
    repo.commit('restructure');
    const results = await expectSameAsGit(repo.root);
    // Even with the history index's former names, two files continue where git log did not.
    expect(results[0]!.stats.steps.resumed).toBe(2);
  });

  it('shallow clones: lines older than the boundary are blamed on it', async () => {
    const repo = newRepo();
    repo.write('deep.md', lines(10, 'deep'));
    repo.commit('one');
    for (let i = 0; i < 5; i++) {
      splice(repo, 'deep.md', i, i + 1, [`edit ${i}`]);
      repo.commit(`edit ${i}`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'livewiki-shallow-'));
    dirs.push(dir);
    execFileSync('git', ['clone', '-q', '--depth', '3', `file://${repo.root}`, join(dir, 'c')], { env: isolatedGitEnv() });
    const results = await expectSameAsGit(join(dir, 'c'));
    const boundary = execFileSync('git', ['rev-parse', 'HEAD~2'], { cwd: join(dir, 'c'), env: isolatedGitEnv(), encoding: 'utf8' }).trim();
    expect(results[0]!.blames.get('deep.md')!.lines.filter((s) => s === boundary).length).toBe(8);
  });

  it('blobs missing from a partial snapshot: that file is reported, the others are still blamed', async () => {
    const repo = newRepo();
    repo.write('broken.md', lines(5, 'broken')).write('fine.md', lines(5, 'fine'));
    repo.commit('initial');
    const oldBlob = repo.git('rev-parse', 'HEAD:broken.md').trim();
    splice(repo, 'broken.md', 1, 2, ['edited']);
    splice(repo, 'fine.md', 1, 2, ['edited']);
    repo.commit('edit');
    rmSync(join(repo.root, '.git', 'objects', oldBlob.slice(0, 2), oldBlob.slice(2)));
    const git = must(await openRepo(repo.root));
    const result = await logBlame(git, { head: git.head!, files: [{ path: 'broken.md' }, { path: 'fine.md' }] });
    expect(result.blames.get('fine.md')?.lines).toEqual(gitBlame(repo.root, 'fine.md'));
    expect(result.blames.get('fine.md')?.via).toBe('log');
    expect(result.failures.get('broken.md')?.stderr).toMatch(/read/i);
    expect(result.stats.restarts).toBeGreaterThan(0);
  });

  it('repository config that changes diffs, prefixes, order or renames changes nothing, and runs nothing', async () => {
    const repo = newRepo();
    const marker = join(repo.root, '..', `livewiki-pwned-${Date.now()}`);
    repo.write('.gitattributes', '*.md diff=evil\n').write('order.txt', 'z.md\n');
    // Contents whose diff differs with the histogram algorithm, and without the indent heuristic.
    const heur = ['  x();', '    pass', 'bar', 'foo', '{', '    pass', '}', 'def f():'];
    repo.write('hist.md', 'a\nb\nc\na\nb\nb\na\n').write('heur.md', heur.join('\n') + '\n');
    repo.write('a.md', 'head\n' + '{\n  v\n}\n'.repeat(40) + 'tail\n').write('z.md', lines(10, 'z'));
    const first = repo.commit('initial');
    repo.write('hist.md', 'c\nb\na\nb\na\nc\n').write('heur.md', ['  x();', '  x();', '}', '  x();', ...heur].join('\n') + '\n');
    repo.write('a.md', 'head\n' + '{\n  v\n}\n'.repeat(41) + 'tail\n');
    repo.move('z.md', 'moved/z.md');
    splice(repo, 'moved/z.md', 2, 3, ['', 'z edited']);
    repo.commit('edit and rename');
    repo.write('.git-blame-ignore-revs', `${first}\n`);
    repo.commit('an ignore file the repository config points at');
    const hostile: [string, string][] = [
      ['diff.algorithm', 'histogram'], ['diff.indentHeuristic', 'false'], ['diff.context', '7'], ['diff.interHunkContext', '9'],
      ['diff.noprefix', 'true'], ['diff.mnemonicPrefix', 'true'], ['diff.renames', 'false'], ['diff.orderFile', 'order.txt'],
      ['diff.submodule', 'log'], ['diff.suppressBlankEmpty', 'true'], ['diff.relative', 'true'], ['diff.colorMoved', 'zebra'],
      ['color.diff', 'always'], ['log.showRoot', 'false'], ['log.follow', 'true'], ['core.quotePath', 'true'], ['diff.renameLimit', '1'],
      ['diff.evil.textconv', `touch ${marker}`], ['diff.evil.binary', 'true'], ['diff.external', `touch ${marker}`],
      ['blame.ignoreRevsFile', '.git-blame-ignore-revs'], ['blame.markIgnoredLines', 'true'],
    ];
    for (const [k, v] of hostile) repo.git('config', k, v);
    const git = must(await openRepo(repo.root));
    for (const only of [['moved/z.md'], ['a.md', 'moved/z.md', 'hist.md', 'heur.md']]) {
      const result = await logBlame(git, { head: git.head!, files: only.map((path) => ({ path })) });
      for (const path of only) {
        // The oracle: git blame with git's own defaults, the repository's config overridden.
        const expected = gitBlame(repo.root, path, ['--no-textconv', '--indent-heuristic', '--diff-algorithm=myers'], ['-c', 'blame.ignoreRevsFile=']);
        expect(result.blames.get(path)?.lines, path).toEqual(expected);
        expect(result.blames.get(path)?.via).toBe('log');
      }
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('ignore revisions: a formatter commit listed like .git-blame-ignore-revs', async () => {
    const repo = newRepo();
    const code = (q: string, indent: string): string =>
      Array.from({ length: 12 }, (_, i) => `${indent}const v${i} = ${q}value ${i}${q};`).join('\n') + '\n';
    repo.write('src/a.ts', code("'", '  ')).write('src/untouched.ts', lines(4, 'u'));
    repo.commit('initial');
    splice(repo, 'src/a.ts', 3, 4, ["  const v3 = 'changed';"]);
    repo.commit('real change');
    repo.write('src/a.ts', repo.git('show', 'HEAD:src/a.ts').replace(/'/g, '"').replace(/^ {2}/gm, '    '));
    const formatter = repo.commit('format everything');
    repo.write('.git-blame-ignore-revs', `# formatter\n${formatter}\n`);
    repo.commit('ignore the formatter');
    const results = await expectSameAsGit(repo.root, { ignoreRevs: [formatter], oracle: ['--ignore-revs-file', '.git-blame-ignore-revs'] });
    for (const r of results) {
      const a = r.blames.get('src/a.ts')!;
      expect(a.unignored).toEqual(gitBlame(repo.root, 'src/a.ts'));
      expect(a.lines).not.toContain(formatter);
      expect(r.blames.get('src/untouched.ts')!.via).toBe('log');
      expect(r.stats.ignoreRevFiles).toBe(1);
    }
  });
});
