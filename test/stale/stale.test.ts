// Stale documentation (issue 15.1) over scripted repositories: a section naming a config key that
// later changes is stale with the change named, and fresh again after `verified:` or a
// `Docs-Verified:` trailer; a section linking to a source file that changes; a section covering an
// operation that becomes deprecated; a doc changed in the same commit as what it covers is not
// stale. The oracle for "which commit changed it" is the scripted history itself (git's shas).
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { CacheStore } from '../../src/cache/index.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import type { Page } from '../../src/model/page.ts';
import { pageRecords } from '../../src/output/records.ts';
import { wikiModel } from '../../src/pipeline/run.ts';
import { createTemplateEnv } from '../../src/render/handlebars.ts';
import { renderSite } from '../../src/render/index.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';

const repos: TestRepo[] = [];
afterAll(() => {
  for (const r of repos) r.cleanup();
});

function newRepo(): TestRepo {
  const r = TestRepo.init();
  repos.push(r);
  removeAfterFile(r.root);
  return r;
}

async function model(repo: TestRepo, store: CacheStore | null = null) {
  const config = await loadConfig({ cwd: repo.root, out: join(tempDir(), 'site'), cache: false });
  const diagnostics = new Diagnostics();
  const templates = createTemplateEnv();
  const m = (await wikiModel(config, { diagnostics, store, templates }))!;
  const records = pageRecords(m.tree, m.provenance, { showEmails: false }, diagnostics);
  const page = (path: string): Page => records.find((p) => p.kind === 'doc' && p.sources[0]?.path === path)!;
  const stale = diagnostics.items.filter((d) => d.code === 'W_STALE_SECTION');
  return { m, records, page, stale, diagnostics, templates };
}

const day = (n: number) => new Date(Date.UTC(2025, 2, 1) + n * 86_400_000).toISOString();
const BOB = 'Bob Builder <bob@example.com>';

const RUNBOOK = (front: string) => `${front}# Runbook

Intro text that names nothing.

## Timeouts

Requests give up after \`timeout: 30\` seconds.

## Retries

Nothing here is covered.
`;

describe('a section naming a config key that later changes', () => {
  const repo = newRepo();
  let edited: string;
  let raised: string;

  it('is stale, with the change named (key, 30 → 45, pull request, author, days after)', async () => {
    repo.write('config/app.yaml', 'timeout: 30\nretries: 3\n').write('docs/runbook.md', RUNBOOK(''));
    edited = repo.commit({ message: 'Runbook', date: day(0) });
    repo.write('config/app.yaml', 'timeout: 45\nretries: 3\n');
    raised = repo.commit({ message: 'Raise the timeout (#12)', author: BOB, date: day(3) });
    const { page, stale } = await model(repo);
    const doc = page('docs/runbook.md');
    const section = doc.sections.find((s) => s.anchor === 'timeouts')!;
    expect(section.stale).toBeDefined();
    expect(section.stale!.since).toBe(repo.git('show', '-s', '--format=%cI', raised).trim());
    expect(section.stale!.after).toBe(edited);
    expect(section.stale!.because).toHaveLength(1);
    const why = section.stale!.because[0]!;
    expect(why).toMatchObject({ covers: 'config-key', path: 'config/app.yaml', key: 'timeout', commit: raised, change: 'changed', daysAfter: 3 });
    expect(why.summary).toContain('`30`');
    expect(why.summary).toContain('`45`');
    expect(why.refs.pulls.map((p) => p.number)).toEqual([12]);
    expect(why.authors.map((a) => a.name)).toEqual(['Bob Builder']);
    // Only that section: the other ones name nothing that changed.
    expect(doc.sections.filter((s) => s.stale).map((s) => s.anchor)).toEqual(['timeouts']);
    expect(doc.stale).toBeUndefined();
    // A warning at the section's heading line.
    expect(stale).toHaveLength(1);
    expect(stale[0]).toMatchObject({ file: 'docs/runbook.md', line: 5, repo: expect.any(String) });
    expect(stale[0]!.message).toContain('#12');
    expect(stale[0]!.message).toContain('Bob Builder');
    expect(stale[0]!.message).toContain('3 day(s)');
  });

  it('shows the badge: since when, why, linked to the change, with the owners and the stale listing', async () => {
    repo.write('CODEOWNERS', 'docs/ @org/docs-team\n');
    repo.commit({ message: 'Owners', date: day(4) });
    const { m, templates } = await model(repo);
    const ledger = { ledger: { entries: [] }, redirects: [], tombstones: [], unavailable: [], lostAnchors: {} } as never;
    const site = renderSite({ tree: m.tree, provenance: m.provenance, histories: m.histories, ledger, repos: [m.repos[0]!.snapshot.id], provOptions: { showEmails: false } }, { templates, store: null, diagnostics: new Diagnostics() });
    const id = m.repos[0]!.snapshot.id;
    const doc = site.pages.find((p) => p.route === `/${id}/docs/runbook/`)!;
    const badge = /<details class="lw-stale"[\s\S]*?<\/details>/.exec(doc.bodyHtml)?.[0] ?? '';
    expect(badge).toContain(`datetime="${repo.git('show', '-s', '--format=%cI', raised).trim()}"`);
    expect(badge).toContain('<code>timeout</code> changed from <code>30</code> to <code>45</code> in');
    expect(badge).toContain('by Bob Builder, 3 days after this section was last edited');
    expect(badge).toContain('Owners: @org/docs-team');
    expect(badge).toContain(`href="/${id}/stale/"`);
    // The badge sits in the Timeouts heading, not in Retries.
    expect(/<h2 id="timeouts"[\s\S]*?<\/h2>/.exec(doc.bodyHtml)![0]).toContain('lw-stale');
    expect(/<h2 id="retries"[\s\S]*?<\/h2>/.exec(doc.bodyHtml)![0]).not.toContain('lw-stale');
    const list = site.pages.find((p) => p.route === `/${id}/stale/`)!;
    expect(list.bodyHtml).toContain(`href="/${id}/docs/runbook/#timeouts"`);
    expect(site.headerLinks).toContainEqual({ title: 'Stale', route: `/${id}/stale/` });
  });

  it('is fresh again after a `verified:` bump in the front matter (its text unchanged)', async () => {
    repo.write('docs/runbook.md', RUNBOOK(`---\nverified: ${day(5).slice(0, 10)}\n---\n`));
    repo.commit({ message: 'Runbook checked against the config', date: day(5) });
    const { page, stale } = await model(repo);
    expect(page('docs/runbook.md').sections.find((s) => s.anchor === 'timeouts')!.stale).toBeUndefined();
    expect(stale).toEqual([]);
    // A later change of the key makes it stale again, since that change only.
    repo.write('config/app.yaml', 'timeout: 60\nretries: 3\n');
    const again = repo.commit({ message: 'Raise the timeout again', date: day(7) });
    const after = await model(repo);
    const mark = after.page('docs/runbook.md').sections.find((s) => s.anchor === 'timeouts')!.stale!;
    expect(mark.because.map((c) => c.commit)).toEqual([again]);
  });

  it('is fresh again after a `Docs-Verified:` trailer on a commit that does not touch it', async () => {
    expect((await model(repo)).page('docs/runbook.md').sections.find((s) => s.anchor === 'timeouts')!.stale).toBeDefined();
    repo.commit({ message: 'Checked the runbook\n\nDocs-Verified: docs/runbook.md#timeouts', date: day(8) });
    const { page, stale } = await model(repo);
    expect(page('docs/runbook.md').sections.find((s) => s.anchor === 'timeouts')!.stale).toBeUndefined();
    expect(stale).toEqual([]);
  });
});

describe('other things a section covers', () => {
  const repo = newRepo();
  let serverChange: string;
  let deprecation: string;

  const SPEC = (deprecated: boolean) => `openapi: 3.0.3
info: { title: Pets, version: '1' }
paths:
  /pets/{id}:
    get:
      operationId: getPet
${deprecated ? '      deprecated: true\n' : ''}      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        '200': { description: A pet }
  /pets:
    get:
      operationId: listPets
      responses:
        '200': { description: Pets }
`;

  it('a link to a source file that changes, an operation that becomes deprecated, a declared glob', async () => {
    repo
      .write('src/server.ts', 'export const port = 8080;\n')
      .write('openapi.yaml', SPEC(false))
      .write(
        'docs/dev.md',
        `---\ncovers:\n  - "src/**/*.ts"\n---\n# Dev\n\n## Server\n\nSee [the server](../src/server.ts).\n\n## Pets API\n\nFetch one pet with \`GET /pets/{id}\`.\n\n## Listing\n\nList them with \`GET /pets\`.\n`,
      )
      .write('docs/ops.md', '# Ops\n\n## Port\n\nThe port is set in [the server](/src/server.ts).\n')
      .write('src/README.md', '# Source\n\n## Entry\n\nStart at [server.ts](server.ts).\n');
    repo.commit({ message: 'Dev guide', date: day(0) });
    repo.write('src/server.ts', 'export const port = 9090;\n');
    serverChange = repo.commit({ message: 'Move the port (#20)', author: BOB, date: day(2) });
    repo.write('openapi.yaml', SPEC(true));
    deprecation = repo.commit({ message: 'Deprecate getPet (#21)', date: day(4) });
    const { page, stale } = await model(repo);
    const doc = page('docs/dev.md');
    const server = doc.sections.find((s) => s.anchor === 'server')!.stale!;
    expect(server.because).toMatchObject([{ covers: 'file', path: 'src/server.ts', commit: serverChange, daysAfter: 2 }]);
    const pets = doc.sections.find((s) => s.anchor === 'pets-api')!.stale!;
    expect(pets.because).toHaveLength(1);
    expect(pets.because[0]).toMatchObject({ covers: 'operation', path: 'openapi.yaml', key: 'GET /pets/{id}', commit: deprecation, change: 'deprecated' });
    // The other operation did not change.
    expect(doc.sections.find((s) => s.anchor === 'listing')!.stale).toBeUndefined();
    // The page's own `covers:` glob: the page was last changed before the server file.
    expect(doc.stale!.because.map((c) => [c.path, c.commit])).toEqual([['src/server.ts', serverChange]]);
    expect(stale.filter((d) => d.file === 'docs/dev.md').map((d) => d.line).sort((a, b) => a! - b!)).toEqual([2, 7, 11]);
    expect(stale.filter((d) => d.file === 'docs/ops.md').map((d) => d.line)).toEqual([3]);
    // A folder README is a page too (the folder's index).
    expect(stale.filter((d) => d.file === 'src/README.md').map((d) => d.line)).toEqual([3]);
  });

  it('a doc changed in the same commit as what it covers is not stale', async () => {
    repo.write('src/server.ts', 'export const port = 7070;\n').write('openapi.yaml', SPEC(false));
    const doc = await (async () => {
      const text = `---\ncovers:\n  - "src/**/*.ts"\n---\n# Dev\n\n## Server\n\nSee [the server](../src/server.ts) on port 7070.\n\n## Pets API\n\nFetch one pet with \`GET /pets/{id}\` (no longer deprecated).\n\n## Listing\n\nList them with \`GET /pets\`.\n`;
      repo.write('docs/dev.md', text);
      repo.commit({ message: 'Port 7070 and getPet back, docs updated together', date: day(6) });
      return (await model(repo)).page('docs/dev.md');
    })();
    expect(doc.stale).toBeUndefined();
    expect(doc.sections.filter((s) => s.stale)).toEqual([]);
    // Control: a doc that was not updated in that commit is stale for it.
    const { page } = await model(repo);
    const together = repo.head();
    expect(page('docs/ops.md').sections.find((s) => s.anchor === 'port')!.stale!.because.map((c) => c.commit)).toEqual([serverChange, together]);
  });

  it('a `covers:` entry that names nothing is a located warning', async () => {
    repo.write('docs/typo.md', '---\ncovers: [no/such/file.ts]\n---\n# Typo\n');
    repo.commit({ message: 'Typo', date: day(7) });
    const { diagnostics } = await model(repo);
    expect(diagnostics.items.filter((d) => d.code === 'W_COVERS_UNRESOLVED')).toMatchObject([{ file: 'docs/typo.md', line: 2 }]);
  });
});

describe('prose that only looks like a reference', () => {
  it('a common or ambiguous key in inline code is not evidence; `covers: file#key` declares it', async () => {
    const repo = newRepo();
    repo
      .write('a.yaml', 'version: 1\nport: 80\n')
      .write('b.yaml', 'port: 81\n')
      .write('docs/prose.md', '# Prose\n\n## Words\n\nBump the `version` and check the `port`.\n\n## Declared\n\n<!-- covers: b.yaml#port -->\nPort 81.\n');
    repo.commit({ message: 'Start', date: day(0) });
    repo.write('a.yaml', 'version: 2\nport: 8080\n').write('b.yaml', 'port: 8181\n');
    const changed = repo.commit({ message: 'Bump', date: day(1) });
    const { page } = await model(repo);
    const doc = page('docs/prose.md');
    expect(doc.sections.find((s) => s.anchor === 'words')!.stale).toBeUndefined();
    expect(doc.sections.find((s) => s.anchor === 'declared')!.stale!.because).toMatchObject([{ covers: 'config-key', path: 'b.yaml', key: 'port', commit: changed }]);
  });
});

describe('the cache', () => {
  it('keeps each diffed pair of versions and each document\'s claims: a rebuild diffs nothing again and finds the same', async () => {
    const repo = newRepo();
    repo.write('config/app.yaml', 'timeout: 30\n').write('docs/runbook.md', RUNBOOK(''));
    repo.commit({ message: 'Runbook', date: day(0) });
    for (let i = 1; i <= 3; i++) {
      repo.write('config/app.yaml', `timeout: ${30 + i}\n`);
      repo.commit({ message: `Timeout ${30 + i}`, date: day(i) });
    }
    const store = new CacheStore(tempDir(), 'salt');
    const fresh = await model(repo, null);
    const first = await model(repo, store);
    const counts = store.stats().byKind;
    expect(counts['semantic-diff']).toMatchObject({ hits: 0, misses: 3 });
    expect(counts['stale-claims']).toMatchObject({ hits: 0 });
    const second = await model(repo, store);
    const again = store.stats().byKind;
    expect(again['semantic-diff']).toMatchObject({ hits: 3, misses: 3 });
    expect(again['stale-claims']!.hits).toBeGreaterThan(0);
    const staleOf = (r: Awaited<ReturnType<typeof model>>) => JSON.stringify(r.page('docs/runbook.md').sections.map((s) => s.stale ?? null));
    expect(staleOf(first)).toBe(staleOf(fresh));
    expect(staleOf(second)).toBe(staleOf(fresh));
    expect(first.page('docs/runbook.md').sections.find((s) => s.anchor === 'timeouts')!.stale!.because).toHaveLength(3);
  });
});
