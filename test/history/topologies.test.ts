// History as real repositories make it (catalogue G8, G9, G10, G13, G15), checked against what
// git itself says (`git log --first-parent`), the oracle of DESIGN §3.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { openRepo } from '../../src/git/repo.ts';
import { buildHistoryIndex, type HistoryIndex } from '../../src/history/log.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import type { LivewikiJson } from '../../src/output/livewiki-json.ts';
import { build } from '../../src/pipeline/run.ts';
import { isolatedGitEnv, TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';

function repo(): TestRepo {
  const r = TestRepo.init();
  removeAfterFile(r.root);
  return r;
}

async function indexOf(r: TestRepo, diagnostics = new Diagnostics()): Promise<HistoryIndex> {
  const opened = await openRepo(r.root);
  if (!opened.ok) throw new Error(opened.error.message);
  const built = await buildHistoryIndex(opened.value, { diagnostics });
  if (!built.ok) throw new Error(built.error.message);
  return built.value;
}

/** What git says: commits that changed `path` on the first-parent chain, newest first. */
function gitChanges(r: TestRepo, path: string, ...extra: string[]): string[] {
  return r.git('log', '--first-parent', '--format=%H', ...extra, '--', `:(literal)${path}`).trim().split('\n').filter(Boolean);
}

const lines = (n: number, tag = 'line') => Array.from({ length: n }, (_, i) => `${tag} ${i + 1} of a document long enough to compare\n`).join('');

describe('odd file names (G8)', () => {
  // blns-style names that are legal file names, each committed on its own.
  const names = [
    '$(touch pwned-dollar).md',
    '`touch pwned-backtick`.md',
    '; touch pwned-semicolon.md',
    '| touch pwned-pipe.md',
    '&& touch pwned-and.md',
    '--upload-pack=touch pwned-option.md',
    '-c.md',
    "it's \"quoted\".md",
    'back\\slash.md',
    'tab\there.md',
    'new\nline.md',
    ' leading and trailing .md',
    'café.md',
    'cafe\u0301-nfd.md',
    '日本語のファイル.md',
    '\u202Ertl-override.md',
    'null\u2400-symbol.md',
    '*glob?[chars].md',
    ':(exclude)magic.md',
  ];

  it('gives each its own last change, as git does, and runs nothing', async () => {
    const r = repo();
    r.write('README.md', '# R\n').commit('base');
    for (const name of names) r.write(name, `# ${name}\n`).commit({ message: `Add ${JSON.stringify(name)}` });
    const index = await indexOf(r);
    for (const name of names) {
      expect(index.lastChange(name)?.sha, JSON.stringify(name)).toBe(gitChanges(r, name)[0]);
      expect(index.lastChange(name)?.subject).toBe(`Add ${JSON.stringify(name)}`);
    }
    // A pathspec-looking name is not magic: `:(exclude)magic.md` is its own file.
    expect(index.lastChange('README.md')?.subject).toBe('base');
    for (const canary of ['pwned-dollar', 'pwned-backtick', 'pwned-semicolon.md', 'pwned-pipe.md', 'pwned-and.md', 'pwned-option.md']) {
      expect(existsSync(join(r.root, canary)), canary).toBe(false);
      expect(existsSync(join(process.cwd(), canary)), canary).toBe(false);
    }
  });
});

describe('renames, copies, re-adds (G9)', () => {
  it('follows a 60 %-similar rename across folders, keeps a copy separate, restarts nothing on a re-add', async () => {
    const r = repo();
    const created = r.write('docs/guide.md', lines(10)).write('keep.md', lines(10, 'keep')).write('gone.md', 'first life\n').commit('Create the guide');
    const edited = r.write('docs/guide.md', lines(10).replace('line 2 ', 'line two ')).commit('Edit the guide');
    // Move across folders and change 4 of 10 lines: 60 % similar, above git's 50 % threshold.
    r.move('docs/guide.md', 'handbook/guide.md');
    const text = readFileSync(join(r.root, 'handbook/guide.md'), 'utf8').split('\n');
    for (const i of [0, 3, 5, 7]) text[i] = `rewritten ${i}`;
    writeFileSync(join(r.root, 'handbook/guide.md'), text.join('\n'));
    const moved = r.commit('Move and rework the guide');
    // A copy (the original stays).
    r.write('copy.md', lines(10, 'keep'));
    const copied = r.commit('Copy keep.md');
    // Delete, then add again.
    r.remove('gone.md');
    const deleted = r.commit('Delete gone.md');
    r.write('other.md', 'x\n').commit('Unrelated');
    r.write('gone.md', 'second life\n');
    const readded = r.commit('Add gone.md again');

    const index = await indexOf(r);
    const shas = (path: string) => index.changesOf(path).map((c) => c.sha);
    // Rename followed, as `git log --follow` does.
    expect(shas('handbook/guide.md')).toEqual([moved, edited, created]);
    expect(shas('handbook/guide.md')).toEqual(gitChanges(r, 'handbook/guide.md', '--follow'));
    expect(index.formerPaths('handbook/guide.md')).toEqual(['docs/guide.md']);
    // A copy starts its own history; the original keeps its own.
    expect(shas('copy.md')).toEqual([copied]);
    expect(shas('keep.md')).toEqual([created]);
    expect(shas('keep.md')).toEqual(gitChanges(r, 'keep.md'));
    // Re-added: its last change is the re-add; the deletion and the first life are its history, as git says.
    expect(index.lastChange('gone.md')?.sha).toBe(readded);
    expect(shas('gone.md')).toEqual(gitChanges(r, 'gone.md'));
    expect(shas('gone.md')).toEqual([readded, deleted, created]);
  });
});

describe('merge topologies (G10): first-parent attribution to the landing commit', () => {
  it('attributes evil merges, -s ours merges, octopus merges and revert pairs as git log --first-parent does', async () => {
    const r = repo();
    r.write('base.md', 'base\n').write('evil.md', 'evil 1\n').write('ours.md', 'ours 1\n').write('w.md', 'w 1\n').commit('Base');
    // An evil merge: the merge commit changes a file the branch never touched.
    r.git('checkout', '-q', '-b', 'side');
    r.write('base.md', 'base from side\n').commit('Side change');
    r.git('checkout', '-q', 'main');
    r.merge('side', { message: 'Merge side', author: 'Mia Merger <mia@example.com>' });
    r.write('evil.md', 'evil 2 (in the merge)\n');
    r.git('add', '-A');
    r.gitEnv({ GIT_COMMITTER_NAME: 'Mia Merger', GIT_COMMITTER_EMAIL: 'mia@example.com', GIT_AUTHOR_NAME: 'Mia Merger', GIT_AUTHOR_EMAIL: 'mia@example.com' }, 'commit', '-q', '--amend', '--no-edit');
    const evilMerge = r.head();
    // `-s ours`: the branch's change to ours.md never lands.
    r.git('checkout', '-q', '-b', 'discarded');
    const discarded = r.write('ours.md', 'ours from a discarded branch\n').commit('Discarded change');
    r.git('checkout', '-q', 'main');
    r.gitEnv({ GIT_AUTHOR_NAME: 'A', GIT_AUTHOR_EMAIL: 'a@example.com', GIT_COMMITTER_NAME: 'A', GIT_COMMITTER_EMAIL: 'a@example.com' }, 'merge', '-q', '-s', 'ours', '--no-ff', '-m', 'Merge discarded with -s ours', 'discarded');
    // Octopus: two branches land in one merge commit.
    for (const b of ['o1', 'o2']) {
      r.git('checkout', '-q', '-b', b, 'main');
      r.write(`${b}.md`, `${b}\n`).commit(`Add ${b}`);
    }
    r.git('checkout', '-q', 'main');
    r.gitEnv({ GIT_AUTHOR_NAME: 'O', GIT_AUTHOR_EMAIL: 'o@example.com', GIT_COMMITTER_NAME: 'O', GIT_COMMITTER_EMAIL: 'o@example.com' }, 'merge', '-q', '--no-ff', '-m', 'Octopus merge', 'o1', 'o2');
    const octopus = r.head();
    expect(r.git('log', '-1', '--format=%P').trim().split(' ')).toHaveLength(3);
    // A revert pair.
    const change = r.write('w.md', 'w 2\n').commit('Change w');
    r.gitEnv({ GIT_AUTHOR_NAME: 'R', GIT_AUTHOR_EMAIL: 'r@example.com', GIT_COMMITTER_NAME: 'R', GIT_COMMITTER_EMAIL: 'r@example.com' }, 'revert', '--no-edit', 'HEAD');
    const revert = r.head();

    const index = await indexOf(r);
    const last = (path: string) => index.lastChange(path)?.sha;
    for (const path of ['base.md', 'evil.md', 'ours.md', 'o1.md', 'o2.md', 'w.md']) expect(last(path), path).toBe(gitChanges(r, path)[0]);
    expect(last('evil.md')).toBe(evilMerge);
    expect(last('base.md')).toBe(evilMerge);
    expect(index.lastChange('evil.md')?.author.name).toBe('Mia Merger');
    expect(index.changesOf('ours.md').map((c) => c.sha)).not.toContain(discarded);
    expect(last('ours.md')).toBe(gitChanges(r, 'ours.md').at(-1));
    expect(last('o1.md')).toBe(octopus);
    expect(last('o2.md')).toBe(octopus);
    expect(index.changesOf('w.md').map((c) => c.sha).slice(0, 2)).toEqual([revert, change]);
  });
});

describe('implausible dates (G13)', () => {
  it('flags 1970, a clock in the future and a commit made before it was authored, on the page and as a warning', async () => {
    const r = repo();
    r.write('README.md', '# Dates\n').commit({ message: 'Start', date: '2024-01-01T00:00:00Z' });
    const epoch = r.write('epoch.md', '# Epoch\n').commit({ message: 'Zeroed clock', date: '1970-01-01T00:00:01Z' });
    const future = r.write('future.md', '# Future\n').commit({ message: 'Clock in the future', date: '2099-06-01T00:00:00Z' });
    const backwards = r.write('backwards.md', '# Backwards\n').commit({ message: 'Committed before authored', date: '2024-03-10T00:00:00Z', committerDate: '2024-03-01T00:00:00Z' });
    const fine = r.write('fine.md', '# Fine\n').commit({ message: 'A normal change', date: '2024-03-12T00:00:00Z' });
    const out = join(tempDir(), 'site');
    const result = await build(await loadConfig({ cwd: r.root, out, cache: false }));
    expect(result.published).toBe(true);
    const warned = result.diagnostics.filter((d) => d.code === 'W_GIT_IMPLAUSIBLE_DATE');
    expect(warned.map((d) => d.message.slice(7, 19))).toEqual([backwards, future, epoch].map((s) => s.slice(0, 12)));
    expect(warned[2]!.message).toContain('dated before 1990');
    expect(warned[1]!.message).toContain(`dated after ${backwards.slice(0, 8)}, which landed after it`);
    expect(warned[0]!.message).toContain('committed before it was authored');
    const wiki = JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson;
    const page = (path: string) => wiki.pages.find((p) => p.sources[0]?.path === path)!;
    expect(page('epoch.md').provenance!.dateNote).toBe('dated before 1990');
    expect(page('fine.md').provenance!.dateNote).toBeUndefined();
    expect(page('fine.md').provenance!.commit).toBe(fine);
    for (const path of ['epoch.md', 'future.md', 'backwards.md']) {
      const html = readFileSync(join(out, page(path).route, 'index.html'), 'utf8');
      expect(html, path).toMatch(/<span class="lw-date-flag"[^>]*>\(date implausible: [^<]+\)<\/span>/);
    }
    expect(readFileSync(join(out, page('fine.md').route, 'index.html'), 'utf8')).not.toContain('lw-date-flag');
  });
});

describe('commit message encodings (G15)', () => {
  it('reads a Latin-1 message with an encoding header as UTF-8, whatever LANG says', async () => {
    const r = repo();
    r.write('README.md', '# R\n');
    r.git('add', '-A');
    writeFileSync(join(r.root, '.git', 'MSG'), Buffer.from('Café: résumé of the naïve façade\n\nBody with ß and ü.\n', 'latin1'));
    execFileSync('git', ['-c', 'i18n.commitEncoding=ISO-8859-1', 'commit', '-q', '-F', join(r.root, '.git', 'MSG')], {
      cwd: r.root,
      env: isolatedGitEnv({ GIT_AUTHOR_NAME: 'Zoë', GIT_AUTHOR_EMAIL: 'z@example.com', GIT_COMMITTER_NAME: 'Zoë', GIT_COMMITTER_EMAIL: 'z@example.com' }),
    });
    expect(r.git('cat-file', '-p', 'HEAD')).toContain('encoding ISO-8859-1');
    const saved = { LANG: process.env.LANG, LC_ALL: process.env.LC_ALL };
    process.env.LANG = 'de_DE.UTF-8';
    process.env.LC_ALL = 'de_DE.UTF-8';
    try {
      const diagnostics = new Diagnostics();
      const index = await indexOf(r, diagnostics);
      const c = index.lastChange('README.md')!;
      expect(c.subject).toBe('Café: résumé of the naïve façade');
      expect(c.body).toBe('Body with ß and ü.');
      expect(diagnostics.items).toEqual([]);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
