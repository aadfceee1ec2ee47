// A pull-request build (catalogue G11): CI checks out the merge ref, a detached HEAD on a merge
// commit the forge made ("Merge <head> into <base>", by GitHub). Pages the pull request changed
// are credited to its authors with the forge as "merged by", never to the forge; the others keep
// the attribution of the base; no branch is named. Oracle: git's own log of each side.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { LivewikiJson } from '../../src/output/livewiki-json.ts';
import { build } from '../../src/pipeline/run.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';

const GITHUB = { GIT_AUTHOR_NAME: 'GitHub', GIT_AUTHOR_EMAIL: 'noreply@github.com', GIT_COMMITTER_NAME: 'GitHub', GIT_COMMITTER_EMAIL: 'noreply@github.com' };

async function wikiOf(root: string): Promise<LivewikiJson> {
  const out = join(tempDir(), 'site');
  const result = await build(await loadConfig({ cwd: root, out, cache: false }));
  expect(result.published).toBe(true);
  return JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson;
}

describe('a synthetic pull-request merge on a detached HEAD (G11)', () => {
  it('credits the pull request’s pages to its authors, merged by the forge, and keeps every other page as the base has it', async () => {
    const r = TestRepo.init();
    removeAfterFile(r.root);
    r.git('remote', 'add', 'origin', 'https://github.com/acme/shop.git');
    r.write('README.md', '# Shop\n').write('docs/a.md', '# A\n').write('docs/b.md', '# B\n').commit({ message: 'Base', author: 'Alice <alice@example.com>' });
    r.git('checkout', '-q', '-b', 'bob/fix');
    const fix = r.write('docs/a.md', '# A\n\nFixed.\n').commit({ message: 'Fix A', author: 'Bob <bob@example.com>' });
    r.git('checkout', '-q', 'main');
    const base = r.write('docs/b.md', '# B\n\nMore.\n').commit({ message: 'More B', author: 'Carol <carol@example.com>' });
    const before = await wikiOf(r.root);
    // What actions/checkout does for pull_request events: the forge's merge, checked out detached.
    r.git('checkout', '-q', '--detach', 'main');
    r.gitEnv(GITHUB, 'merge', '-q', '--no-ff', '-m', `Merge ${fix} into ${base}`, 'bob/fix');
    const merge = r.head();
    expect(r.git('log', '-1', '--format=%an', merge).trim()).toBe('GitHub');
    const wiki = await wikiOf(r.root);
    const page = (w: LivewikiJson, path: string) => w.pages.find((p) => p.sources[0]?.path === path)!.provenance!;

    // The pull request's page: its author and title, as `git log merge^1..merge -- docs/a.md` says.
    const a = page(wiki, 'docs/a.md');
    expect(r.git('log', '--format=%an', `${merge}^1..${merge}`, '--no-merges', '--', 'docs/a.md').trim()).toBe('Bob');
    expect(a.authors.map((x) => x.name)).toEqual(['Bob']);
    expect(a.subject).toBe('Fix A');
    expect(a.mergedBy?.name).toBe('GitHub');
    // A page the pull request did not change: as the base has it.
    expect(page(wiki, 'docs/b.md')).toEqual(page(before, 'docs/b.md'));
    // No page anywhere is credited to the forge as its author, and no branch is named.
    for (const p of wiki.pages) expect(p.provenance?.authors.map((x) => x.name) ?? [], p.id).not.toContain('GitHub');
    expect(JSON.stringify(wiki.repos)).not.toMatch(/"branch":\s*"HEAD"/);
  });
});
