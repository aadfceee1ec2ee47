// Merge attribution and noise-aware page dating (issue 12 items 1 and 3), through build() and
// livewiki.json, over a scripted repository whose pull requests land as merge commits in every
// forge's message format, merged by people and bots. Every page's commit, authors, merged-by and
// title are checked against git's own output (`git log`, `git log M^1..M -- path`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { Page } from '../../src/model/page.ts';
import type { LivewikiJson } from '../../src/output/livewiki-json.ts';
import { build, type BuildResult } from '../../src/pipeline/run.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';

const ALICE = 'Alice Author <alice@example.com>';
const BOB = 'Bob Builder <bob@example.com>';
const CHLOE = 'Chloé Ünicode <chloe@example.com>';
const DANA = 'Dana Dev <dana@example.com>';
const ERIN = 'Erin Eng <erin@example.com>';
const FRANK = 'Frank Fixer <frank@example.com>';
const GINA = 'Gina Git <gina@example.com>';
const HANK = 'Hank Helper <hank@example.com>';
const IVAN = 'Ivan Ivanov <ivan@example.com>';
const JILL = 'Jill Jones <jill@example.com>';
const KIM = 'Kim Kode <kim@example.com>';
const LEE = 'Lee Layout <lee@example.com>';
const MERGE_BOT = 'bors[bot] <26634292+bors[bot]@users.noreply.github.com>';
const DEPENDABOT = 'dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>';
const RENOVATE = 'Renovate Runner <renovate@example.com>';
const FORMATTER = 'Format Robot <format@example.com>';

const BULK = Array.from({ length: 12 }, (_, i) => `f${String(i + 1).padStart(2, '0')}.md`);

let repo: TestRepo;
let out: string;
let result: BuildResult;
let wiki: LivewikiJson;
const shas: Record<string, string> = {};
let day = 0;
const at = (): string => new Date(Date.UTC(2024, 0, 1) + ++day * 86_400_000).toISOString();

function commit(author: string, message: string): string {
  return repo.commit({ author, message, date: at() });
}

/** `git merge --no-ff` of one or more branches with a scripted identity. */
function merge(branches: string[], author: string, message: string): string {
  const [, name, email] = /^(.*?)\s*<([^>]*)>$/.exec(author)!;
  const date = at();
  repo.gitEnv(
    { GIT_AUTHOR_NAME: name!, GIT_AUTHOR_EMAIL: email!, GIT_AUTHOR_DATE: date, GIT_COMMITTER_NAME: name!, GIT_COMMITTER_EMAIL: email!, GIT_COMMITTER_DATE: date },
    'merge', '-q', '--no-ff', '--no-verify', '-m', message, ...branches,
  );
  return repo.head();
}

function page(path: string): Page {
  const p = wiki.pages.find((x) => x.sources.length === 1 && x.sources[0]!.path === path && !x.sources[0]!.lines);
  if (!p) throw new Error(`no page for ${path}`);
  return p;
}

beforeAll(async () => {
  repo = TestRepo.init();
  removeAfterFile(repo.root);
  repo.git('remote', 'add', 'origin', 'https://github.com/acme/widgets.git');
  const docs = ['github', 'gitlab', 'bitbucket', 'azure', 'octopus-a', 'octopus-b', 'nested', 'plain', 'squash', 'renovated', 'format', 'README'];
  for (const d of docs) repo.write(`docs/${d}.md`, `# ${d}\n\nFirst text of ${d}.\n`);
  for (const f of BULK) repo.write(`docs/bulk/${f}`, `# ${f}\n\nBulk page ${f}.\n`);
  shas.root = commit(ALICE, 'Initial docs');

  // GitHub: two commits by two people, merged by a bot; the title is the body's first line.
  repo.git('checkout', '-q', '-b', 'bob/fix-timeouts');
  repo.write('docs/github.md', '# github\n\nBob fixed the timeouts.\n');
  shas.gh1 = commit(BOB, 'Fix the timeouts');
  repo.write('docs/github.md', '# github\n\nBob fixed the timeouts; Chloé documented them.\n');
  shas.gh2 = commit(CHLOE, 'Document the timeouts\n\nFixes #3');
  repo.git('checkout', '-q', 'main');
  shas.github = merge(['bob/fix-timeouts'], MERGE_BOT, 'Merge pull request #12 from bob/fix-timeouts\n\nFix request timeouts\n\nLonger description.');

  // GitLab: merged by a person; `See merge request` carries the number.
  repo.git('checkout', '-q', '-b', 'gl');
  repo.write('docs/gitlab.md', '# gitlab\n\nDana improved it.\n');
  shas.gl1 = commit(DANA, 'Improve the GitLab page');
  repo.git('checkout', '-q', 'main');
  shas.gitlab = merge(['gl'], ALICE, "Merge branch 'gl' into 'main'\n\nImprove GitLab docs\n\nCloses #7\n\nSee merge request acme/widgets!34");

  // Bitbucket Cloud.
  repo.git('checkout', '-q', '-b', 'feature/bb');
  repo.write('docs/bitbucket.md', '# bitbucket\n\nErin wrote this.\n');
  shas.bb1 = commit(ERIN, 'Bitbucket page');
  repo.git('checkout', '-q', 'main');
  shas.bitbucket = merge(['feature/bb'], MERGE_BOT, 'Merged in feature/bb (pull request #56)\n\nBitbucket title\n\nApproved-by: Alice Author');

  // Azure DevOps: the title is in the subject.
  repo.git('checkout', '-q', '-b', 'az');
  repo.write('docs/azure.md', '# azure\n\nFrank wrote this.\n');
  shas.az1 = commit(FRANK, 'Azure page');
  repo.git('checkout', '-q', 'main');
  shas.azure = merge(['az'], ALICE, 'Merged PR 78: Azure title');

  // Octopus: each page credits the branch that changed it.
  repo.git('checkout', '-q', '-b', 'oa');
  repo.write('docs/octopus-a.md', '# a\n\nErin.\n');
  shas.oa = commit(ERIN, 'Octopus A');
  repo.git('checkout', '-q', 'main');
  repo.git('checkout', '-q', '-b', 'ob');
  repo.write('docs/octopus-b.md', '# b\n\nFrank.\n');
  shas.ob = commit(FRANK, 'Octopus B');
  repo.git('checkout', '-q', 'main');
  shas.octopus = merge(['oa', 'ob'], ALICE, "Merge branches 'oa' and 'ob'");

  // A branch that itself contains merges: a sub-branch merged into it, and main merged into it.
  repo.git('checkout', '-q', '-b', 'feat');
  repo.write('docs/nested.md', '# nested\n\nGina started.\n');
  shas.n1 = commit(GINA, 'Start nested work');
  repo.git('checkout', '-q', '-b', 'sub');
  repo.write('docs/nested.md', '# nested\n\nGina started.\n\nHank helped.\n');
  shas.n2 = commit(HANK, 'Help with nested work');
  repo.git('checkout', '-q', 'feat');
  shas.subMerge = merge(['sub'], GINA, "Merge branch 'sub' into feat");
  repo.git('checkout', '-q', 'main');
  repo.write('docs/plain.md', '# plain\n\nIvan on main.\n');
  shas.plain = commit(IVAN, 'Plain change on main');
  repo.git('checkout', '-q', 'feat');
  shas.mainIntoFeat = merge(['main'], GINA, "Merge branch 'main' into feat");
  repo.git('checkout', '-q', 'main');
  shas.nested = merge(['feat'], MERGE_BOT, 'Merge pull request #90 from gina/feat\n\nNested work');

  // A squash commit co-authored by a bot; a commit by a configured bot alone.
  repo.write('docs/squash.md', '# squash\n\nJill bumped it.\n');
  shas.squash = commit(JILL, `Bump the widget (#5)\n\nCo-authored-by: ${DEPENDABOT.replace(/ </, ' <')}`);
  repo.write('docs/renovated.md', '# renovated\n\nBy a bot.\n');
  shas.renovated = commit(RENOVATE, 'Update dependencies');

  // A formatter run listed in .git-blame-ignore-revs, after a real change; it also adds a page.
  repo.write('docs/format.md', '# format\n\nKim wrote real text.\n');
  shas.kim = commit(KIM, 'Real change to the format page');
  repo.write('docs/format.md', '#   format\n\n  Kim wrote real text.  \n');
  repo.write('docs/generated.md', '# generated\n\nOnly ever touched by the formatter.\n');
  shas.formatter = commit(FORMATTER, 'Run the formatter');
  repo.write('.git-blame-ignore-revs', `# formatter\n${shas.formatter}\n`);
  shas.ignoreFile = commit(ALICE, 'Ignore the formatter in blame');

  // Bulk: a whitespace-only sweep, then a rename-only move of 12 files (of about 30 tracked).
  for (const f of BULK) repo.write(`docs/bulk/${f}`, `# ${f}\n\nBulk page ${f}.   \n`);
  shas.bulkFormat = commit(FORMATTER, 'Trailing whitespace everywhere');
  for (const f of BULK) repo.move(`docs/bulk/${f}`, `guides/${f}`);
  shas.bulkRename = commit(LEE, 'Move the bulk pages to guides/');

  out = join(tempDir('livewiki-attrib-'), 'site');
  const config = await loadConfig({ cwd: repo.root, out });
  result = await build({ ...config, history: { ...config.history, bots: ['renovate@example.com'], bulk: { minFiles: 10, share: 0.3 } } });
  wiki = JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson;
}, 240_000);

afterAll(() => {
  repo?.cleanup();
});

/** What git says: the newest first-parent commit of a path that is not noise. */
function gitLastChange(path: string, noise: ReadonlySet<string>): string {
  const list = repo.git('log', '--first-parent', '--follow', '--format=%H', '--', path).trim().split('\n');
  return list.find((s) => !noise.has(s)) ?? list[0]!;
}

/** What git says about who wrote a merge's change to a path: `git log M^1..M --no-merges -- path` (mailmapped authors, newest first). */
function gitSideAuthors(merge: string, path: string): string[] {
  const parents = repo.git('rev-list', '--parents', '-n', '1', merge).trim().split(' ').slice(1);
  const negs = ['--not', parents[0]!];
  const names = repo.git('log', '--use-mailmap', '--no-merges', '--format=%aN', ...parents.slice(1), ...negs, '--', path).trim().split('\n').filter(Boolean);
  return [...new Set(names)];
}

function gitAuthor(sha: string): string {
  return repo.git('log', '-1', '--use-mailmap', '--format=%aN', sha).trim();
}

describe('merge attribution through build() and livewiki.json', () => {
  it('builds without errors', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.published).toBe(true);
  });

  it('credits a GitHub pull request to its branch authors, most recent first; the bot merger is "merged by"; the title comes from the body', () => {
    const p = page('docs/github.md').provenance!;
    expect(p.commit).toBe(shas.github);
    expect(p.authors).toEqual([{ name: 'Chloé Ünicode' }, { name: 'Bob Builder' }]);
    expect(p.authors.map((a) => a.name)).toEqual(gitSideAuthors(shas.github!, 'docs/github.md'));
    expect(p.mergedBy).toEqual({ name: 'bors[bot]', bot: true });
    expect(p.subject).toBe('Fix request timeouts');
    expect(p.pull).toEqual({ number: 12, title: 'Fix request timeouts', url: 'https://github.com/acme/widgets/pull/12' });
    expect(p.refs.pulls.map((r) => r.number)).toEqual([12]);
    expect(p.refs.issues.map((r) => r.number)).toEqual([3]); // from a side commit's "Fixes #3"
    expect(p.sideCommits!.map((s) => s.commit)).toEqual([shas.gh2, shas.gh1]);
    expect(p.authoredAt).toBe(repo.git('log', '-1', '--format=%aI', shas.gh2!).trim());
    expect(p.committedAt).toBe(repo.git('log', '-1', '--format=%cI', shas.github!).trim());
  });

  it('reads GitLab, Bitbucket and Azure DevOps merge messages', () => {
    const gl = page('docs/gitlab.md').provenance!;
    expect(gl).toMatchObject({ commit: shas.gitlab, authors: [{ name: 'Dana Dev' }], mergedBy: { name: 'Alice Author' }, subject: 'Improve GitLab docs', pull: { number: 34, title: 'Improve GitLab docs' } });
    expect(gl.refs.issues.map((r) => r.number)).toEqual([7]);
    const bb = page('docs/bitbucket.md').provenance!;
    expect(bb).toMatchObject({ commit: shas.bitbucket, authors: [{ name: 'Erin Eng' }], mergedBy: { name: 'bors[bot]', bot: true }, subject: 'Bitbucket title', pull: { number: 56, title: 'Bitbucket title' } });
    expect(bb.refs.issues).toEqual([]);
    const az = page('docs/azure.md').provenance!;
    expect(az).toMatchObject({ commit: shas.azure, authors: [{ name: 'Frank Fixer' }], mergedBy: { name: 'Alice Author' }, subject: 'Azure title', pull: { number: 78, title: 'Azure title' } });
  });

  it('credits each branch of an octopus merge with its own pages', () => {
    expect(page('docs/octopus-a.md').provenance).toMatchObject({ commit: shas.octopus, authors: [{ name: 'Erin Eng' }], mergedBy: { name: 'Alice Author' }, subject: 'Octopus A' });
    expect(page('docs/octopus-b.md').provenance).toMatchObject({ commit: shas.octopus, authors: [{ name: 'Frank Fixer' }], mergedBy: { name: 'Alice Author' }, subject: 'Octopus B' });
    expect(gitSideAuthors(shas.octopus!, 'docs/octopus-a.md')).toEqual(['Erin Eng']);
  });

  it('credits the authors inside a branch that itself has merges, never the commits it merged from main', () => {
    const p = page('docs/nested.md').provenance!;
    expect(p.commit).toBe(shas.nested);
    expect(p.authors.map((a) => a.name)).toEqual(['Hank Helper', 'Gina Git']);
    expect(p.authors.map((a) => a.name)).toEqual(gitSideAuthors(shas.nested!, 'docs/nested.md'));
    expect(p.sideCommits!.map((s) => s.commit)).toEqual([shas.n2, shas.n1]);
    expect(p.pull).toMatchObject({ number: 90, title: 'Nested work' });
    // Ivan's change landed on main before; merging main into the branch does not make it the branch's.
    expect(page('docs/plain.md').provenance).toMatchObject({ commit: shas.plain, authors: [{ name: 'Ivan Ivanov' }] });
    expect(page('docs/plain.md').provenance!.mergedBy).toBeUndefined();
  });

  it('never shows a bot as the author of a human change; a bot alone stays a bot', () => {
    expect(page('docs/squash.md').provenance).toMatchObject({ commit: shas.squash, authors: [{ name: 'Jill Jones' }], subject: 'Bump the widget (#5)' });
    expect(page('docs/renovated.md').provenance).toMatchObject({ commit: shas.renovated, authors: [{ name: 'Renovate Runner', bot: true }] });
  });

  it('gives every page the commit, authors, merged-by and title git gives (noise skipped)', () => {
    const noise = new Set([shas.formatter!, shas.bulkFormat!, shas.bulkRename!]);
    // Folder README pages included: a page answers for the sources it lists.
    const docPages = wiki.pages.filter((p) => p.sources.length === 1 && !p.sources[0]!.lines);
    expect(docPages.length).toBeGreaterThanOrEqual(25);
    for (const p of docPages) {
      const path = p.sources[0]!.path;
      const sha = gitLastChange(path, noise);
      const prov = p.provenance!;
      expect(prov.commit, path).toBe(sha);
      const parents = repo.git('rev-list', '--parents', '-n', '1', sha).trim().split(' ').length - 1;
      const body = repo.git('log', '-1', '--format=%b', sha).trim();
      const subject = repo.git('log', '-1', '--format=%s', sha).trim();
      if (parents > 1) {
        const formers = repo.git('log', '--first-parent', '--follow', '--name-only', '--format=', '--', path).trim().split('\n').filter(Boolean);
        const side = [...new Set(formers.flatMap((f) => gitSideAuthors(sha, f)))];
        expect(prov.authors.map((a) => a.name), path).toEqual(side);
        expect(prov.mergedBy?.name, path).toBe(gitAuthor(sha));
        const title = /^Merged PR \d+: (.*)$/.exec(subject)?.[1] ?? body.split('\n')[0];
        if (prov.pull) expect(prov.subject, path).toBe(title);
      } else {
        expect(prov.mergedBy, path).toBeUndefined();
        expect(prov.subject, path).toBe(subject);
        const author = gitAuthor(sha);
        expect(prov.authors[0]!.name, path).toBe(author);
      }
    }
  });
});

describe('noise-aware page dating through build() and livewiki.json', () => {
  it('skips a formatter commit listed in .git-blame-ignore-revs and marks it in the history', () => {
    const p = page('docs/format.md');
    expect(p.provenance).toMatchObject({ commit: shas.kim, authors: [{ name: 'Kim Kode' }] });
    expect(p.provenance!.skipped).toBeUndefined();
    const entry = p.history!.find((h) => h.commit === shas.formatter)!;
    expect(entry.skipped).toBe('ignore-revs');
    expect(p.history!.find((h) => h.commit === shas.kim)!.skipped).toBeUndefined();
  });

  it('keeps the only change of a page even when it is noise, marked', () => {
    const p = page('docs/generated.md').provenance!;
    expect(p).toMatchObject({ status: 'known', commit: shas.formatter, skipped: 'ignore-revs' });
  });

  it('skips bulk whitespace-only and rename-only commits and marks them', () => {
    for (const f of BULK) {
      const p = page(`guides/${f}`);
      expect(p.provenance!.commit, f).toBe(shas.root);
      expect(p.history!.map((h) => [h.commit, h.skipped ?? null])).toEqual([
        [shas.bulkRename, 'bulk-rename'],
        [shas.bulkFormat, 'bulk-format'],
        [shas.root, null],
      ]);
    }
    // The raw git answer is the rename: livewiki's differs only by the documented skip.
    expect(repo.git('log', '-1', '--first-parent', '--format=%H', '--', 'guides/f01.md').trim()).toBe(shas.bulkRename);
  });

  it('skips them for a folder\'s newest change too', () => {
    const folder = wiki.pages.find((p) => p.scope?.path === 'guides/')!;
    expect(folder.scope!.provenance.commit).toBe(shas.root);
    // git's own answer for the folder is the bulk rename.
    expect(repo.git('log', '-1', '--first-parent', '--format=%H', '--', 'guides').trim()).toBe(shas.bulkRename);
  });

  it('shows "merged by" and skipped changes on the page', () => {
    const html = readFileSync(join(out, decodeURIComponent(page('docs/github.md').route), 'index.html'), 'utf8');
    expect(html).toMatch(/merged by <span class="lw-merger">bors\[bot\]<\/span>/);
    expect(html).toContain('Fix request timeouts');
    const fmt = readFileSync(join(out, decodeURIComponent(page('docs/format.md').route), 'index.html'), 'utf8');
    expect(fmt).toContain('(skipped: listed in .git-blame-ignore-revs)');
  });
});

describe('merged branches across builds', () => {
  it('reads each merge commit\'s branch once and reuses it from the cache, with identical output', async () => {
    const cacheDir = tempDir('livewiki-attrib-cache-');
    const outs = [join(tempDir('livewiki-attrib-'), 'a'), join(tempDir('livewiki-attrib-'), 'b')];
    const runs: BuildResult[] = [];
    for (const o of outs) {
      const config = await loadConfig({ cwd: repo.root, out: o, cache: cacheDir });
      runs.push(await build({ ...config, history: { ...config.history, bots: ['renovate@example.com'], bulk: { minFiles: 10, share: 0.3 } } }));
    }
    const merges = [shas.github, shas.gitlab, shas.bitbucket, shas.azure, shas.octopus, shas.nested];
    expect(runs[0]!.cache!.byKind['merge-sides']).toMatchObject({ hits: 0, misses: merges.length });
    expect(runs[1]!.cache!.byKind['merge-sides']).toMatchObject({ hits: merges.length, misses: 0 });
    const [a, b] = outs.map((o) => readFileSync(join(o, 'livewiki.json'), 'utf8'));
    expect(b).toBe(a);
    expect(a).toBe(readFileSync(join(out, 'livewiki.json'), 'utf8'));
  }, 240_000);
});
