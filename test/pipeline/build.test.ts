// livewiki build over a real repository with a scripted history: every page and section in
// livewiki.json says what git itself says about its sources.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { Page } from '../../src/model/page.ts';
import type { LivewikiJson } from '../../src/output/livewiki-json.ts';
import { build, type BuildResult } from '../../src/pipeline/run.ts';
import { listFiles } from '../helpers/files.ts';
import { makeFixtureWiki, type FixtureWiki } from '../helpers/fixture-wiki.ts';
import { commitFacts, firstParentOrder, lastChangeOfLines, lastChangeOfPath } from '../helpers/git-truth.ts';
import { tempDir } from '../helpers/temp.ts';

let fixture: FixtureWiki;
let out: string;
let result: BuildResult;
let wiki: LivewikiJson;

function page(id: string): Page {
  const p = wiki.pages.find((x) => x.id === id);
  if (!p) throw new Error(`no page ${id}; have ${wiki.pages.map((x) => x.id).join(', ')}`);
  return p;
}

beforeAll(async () => {
  fixture = makeFixtureWiki();
  out = join(tempDir('livewiki-out-'), 'site');
  const config = await loadConfig({ cwd: fixture.repo.root, out });
  result = await build({ ...config, tickets: { prefixes: ['OPS'], url: 'https://tracker.example.com/browse/{key}' } });
  wiki = JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson;
}, 180_000);

afterAll(() => {
  fixture.repo.cleanup();
  rmSync(join(out, '..'), { recursive: true, force: true });
});

describe('livewiki build on a repository with a scripted history', () => {
  it('publishes without errors', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.published).toBe(true);
  });

  it('describes the repository in livewiki.json', () => {
    expect(wiki.schemaVersion).toBe(1);
    expect(wiki.generator.name).toBe('livewiki');
    expect(wiki.repos).toEqual([{ id: 'widgets', head: fixture.repo.head(), shallow: false, url: 'https://github.com/acme/widgets' }]);
  });

  it('gives every single-file page the last change git reports for that file, renames followed', () => {
    const filePages = wiki.pages.filter((p) => p.sources.length === 1 && !p.sources[0]!.lines && p.kind === 'doc');
    expect(filePages.map((p) => p.sources[0]!.path).sort()).toEqual(['docs/api/README.md', 'docs/café.md', 'docs/handbook.md']);
    for (const p of filePages) {
      const sha = lastChangeOfPath(fixture.repo, p.sources[0]!.path);
      const facts = commitFacts(fixture.repo, sha);
      // A merge commit lands the change; who wrote it is the merged branch's newest commit of the
      // file (`git log M^1..M --no-merges -- path`), and the merger is "merged by".
      const parents = fixture.repo.git('rev-list', '--parents', '-n', '1', sha).trim().split(' ').slice(1);
      const side = parents.length > 1 ? fixture.repo.git('log', '-1', '--no-merges', '--use-mailmap', '--format=%aN%x1f%aI', ...parents.slice(1), '--not', parents[0]!, '--', p.sources[0]!.path).trim().split('\x1f') : null;
      expect(p.provenance, p.id).toMatchObject({
        status: 'known',
        commit: sha,
        authoredAt: side ? side[1] : facts.authoredAt,
        committedAt: facts.committedAt,
        subject: facts.subject,
      });
      expect(p.provenance!.authors[0]!.name).toBe(side ? side[0] : facts.authorName);
      if (side) expect(p.provenance!.mergedBy).toEqual({ name: facts.authorName });
    }
    expect(page('widgets/doc/docs/api/README.md').provenance!.mergedBy).toBeDefined();
  });

  it('gives every section the newest blamed commit of its own lines', () => {
    const sections = wiki.pages.flatMap((p) => p.sections);
    expect(sections.length).toBeGreaterThanOrEqual(4);
    for (const s of sections) {
      const src = s.sources[0]!;
      expect(src.lines, s.id).toBeDefined();
      const sha = lastChangeOfLines(fixture.repo, src.path, src.lines!);
      const facts = commitFacts(fixture.repo, sha);
      expect(s.provenance, s.id).toMatchObject({
        status: 'known',
        commit: sha,
        authoredAt: facts.authoredAt,
        committedAt: facts.committedAt,
        subject: facts.subject,
      });
      expect(s.provenance!.authors[0]!.name, s.id).toBe(facts.authorName);
    }
  });

  it('attributes sections of a renamed file to the commits that wrote their lines', () => {
    const handbook = page('widgets/doc/docs/handbook.md');
    expect(handbook.title).toBe('The Guide');
    expect(handbook.provenance!.commit).toBe(fixture.shas.rename);
    const setup = handbook.sections.find((s) => s.key === 'Setup')!;
    const tuning = handbook.sections.find((s) => s.key === 'Tuning')!;
    expect(setup.provenance!.commit).toBe(fixture.shas.setup);
    expect(tuning.provenance!.commit).toBe(fixture.shas.tuning);
    expect(handbook.history!.map((h) => h.commit)).toEqual([fixture.shas.rename, fixture.shas.tuning, fixture.shas.setup, fixture.shas.initial]);
  });

  it('resolves who, co-authors (mailmap applied), pull request, issue and ticket for a squash-merge commit', () => {
    const setup = page('widgets/doc/docs/handbook.md').sections.find((s) => s.key === 'Setup')!.provenance!;
    expect(setup.authors).toEqual([{ name: 'Bob Builder' }, { name: 'Chloé Ünicode' }]);
    expect(setup.refs.pulls).toEqual([{ number: 12, url: 'https://github.com/acme/widgets/pull/12' }]);
    expect(setup.refs.issues).toEqual([{ number: 3, url: 'https://github.com/acme/widgets/issues/3' }]);
    expect(setup.refs.tickets).toEqual([{ key: 'OPS-7', url: 'https://tracker.example.com/browse/OPS-7' }]);
    expect(setup.url).toBe(`https://github.com/acme/widgets/commit/${fixture.shas.setup}`);
  });

  it('attributes a merged branch to the merge commit that landed it (first-parent view)', () => {
    const api = page('widgets/doc/docs/api/README.md');
    expect(api.provenance!.commit).toBe(fixture.shas.merge);
    expect(api.provenance!.refs.pulls.map((p) => p.number)).toEqual([45]);
  });

  it('gives every page the last change of exactly the sources it lists, as git answers it', () => {
    const order = firstParentOrder(fixture.repo);
    for (const p of wiki.pages) {
      if (p.sources.length === 0) {
        expect(p.provenance!.status, p.id).toBe('unknown');
        continue;
      }
      const expected = p.sources.map((s) => lastChangeOfPath(fixture.repo, s.path)).sort((a, b) => order.get(a)! - order.get(b)!)[0]!;
      expect(p.provenance!.commit, p.id).toBe(expected);
      expect(p.provenance!.subject, p.id).toBe(commitFacts(fixture.repo, expected).subject);
    }
    // The repository overview is its README's page: the README's own last change, not the newest below.
    const overview = page('widgets/doc/README.md');
    expect(overview.provenance!.commit).toBe(lastChangeOfPath(fixture.repo, 'README.md'));
    expect(overview.provenance!.commit).not.toBe(fixture.repo.git('rev-parse', 'HEAD').trim());
  });

  it('gives index pages, separately, the newest change in their folder or repository, as git answers it', () => {
    const indexes = wiki.pages.filter((p) => p.scope);
    expect(indexes.map((p) => p.kind).sort()).toEqual(expect.arrayContaining(['home', 'index', 'repo-overview']));
    for (const p of indexes) {
      if (p.scope!.path === null) continue; // the home page: below
      const folder = p.scope!.path === '' ? '.' : p.scope!.path.slice(0, -1);
      const log = fixture.repo.git('log', '--first-parent', '--format=%H', '-n', '10', '--', folder).trim().split('\n');
      expect(p.scope!.provenance.commit, p.id).toBe(log[0]);
      expect(p.scope!.history.map((h) => h.commit), p.id).toEqual(log.slice(0, p.scope!.history.length));
      expect(p.scope!.history.length, p.id).toBe(Math.min(log.length, 10));
    }
    expect(page('widgets/doc/README.md').scope!.path).toBe('');
    expect(page('home').scope!.path).toBeNull();
    expect(page('home').scope!.provenance.commit).toBe(fixture.shas.cafe);
    // Pages that index nothing have no scope.
    expect(page('widgets/doc/docs/handbook.md').scope).toBeUndefined();
  });

  it('shows an index page its own last change and, labelled apart, the newest change below', () => {
    const html = readFileSync(join(out, 'widgets/index.html'), 'utf8');
    const readme = commitFacts(fixture.repo, lastChangeOfPath(fixture.repo, 'README.md'));
    const newest = commitFacts(fixture.repo, fixture.repo.git('log', '-1', '--first-parent', '--format=%H').trim());
    const own = /<section class="lw-prov" aria-label="Last change"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    const below = /<section class="lw-prov lw-scope"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(own).toContain(readme.subject);
    expect(below).toContain('Newest change in this repository');
    expect(below).toContain(newest.subject);
  });

  it('publishes no e-mail address by default', () => {
    const json = readFileSync(join(out, 'livewiki.json'), 'utf8');
    expect(json).not.toMatch(/@example\.com/);
  });

  it('writes a page for every route, with the provenance line at the top', () => {
    for (const p of wiki.pages) {
      const file = join(out, decodeURIComponent(p.route), 'index.html');
      expect(existsSync(file), p.route).toBe(true);
    }
    const html = readFileSync(join(out, 'widgets/docs/handbook/index.html'), 'utf8');
    expect(html).toContain('class="lw-prov"');
    expect(html).toContain('Rename the guide to handbook');
    expect(html).toContain('Bob Builder');
  });

  it('rewrites links between documents and to images to wiki routes and assets', () => {
    const html = readFileSync(join(out, 'widgets/docs/api/index.html'), 'utf8');
    // Relative to the page, so the wiki works under any path: ../../ from /widgets/docs/api/ is /widgets/.
    expect(html).toContain('href="../../#install"');
    const img = /<img[^>]*src="([^"]+)"/.exec(html)?.[1];
    expect(img).toBeDefined();
    expect(img).not.toMatch(/^\//);
    expect(existsSync(join(out, 'widgets/docs/api', img!))).toBe(true);
  });

  it('gives every page its owners from CODEOWNERS, the last matching rule winning', () => {
    expect(page('widgets/doc/docs/handbook.md').owners).toEqual(['@acme/docs']);
    expect(page('widgets/doc/README.md').owners).toEqual(['@acme/core']);
    const html = readFileSync(join(out, 'widgets/docs/handbook/index.html'), 'utf8');
    expect(html).toMatch(/Owners: <span class="lw-owner">@acme\/docs<\/span>/);
  });

  it('shows the overview of the repository: package, contributors and owners', () => {
    const html = readFileSync(join(out, 'widgets/index.html'), 'utf8');
    expect(html).toContain('Makes widgets');
    expect(html).toContain('@acme/docs');
    expect(html).toMatch(/Contributors/);
  });
});

describe('reproducible output', () => {
  it('gives byte-identical sites for two builds of the same commits', async () => {
    const again = join(tempDir('livewiki-out-'), 'site');
    const config = await loadConfig({ cwd: fixture.repo.root, out: again });
    const second = await build({ ...config, tickets: { prefixes: ['OPS'], url: 'https://tracker.example.com/browse/{key}' } });
    expect(second.published).toBe(true);
    const files = listFiles(out);
    expect(listFiles(again)).toEqual(files);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expect(readFileSync(join(again, f)).equals(readFileSync(join(out, f))), f).toBe(true);
    rmSync(join(again, '..'), { recursive: true, force: true });
  }, 180_000);
});
