// The provenance widgets as rendered HTML: owners beside the line when the page knows them, a
// copy-link button and badge for every section, and only absolute, clock-free dates.
import { describe, expect, it } from 'vitest';
import type { Commit } from '../../src/model/history.ts';
import type { SyntheticPage, WikiTree } from '../../src/model/wiki.ts';
import { createTemplateEnv } from '../../src/render/handlebars.ts';
import { renderPage, type PageInput } from '../../src/render/page.ts';

const person = { name: 'Ada <Lovelace>', email: 'ada@example.com', bot: false };
const commit: Commit = {
  sha: 'a'.repeat(40),
  parents: [],
  author: person,
  coAuthors: [],
  committer: person,
  authoredAt: '2024-03-01T10:00:00+02:00',
  committedAt: '2024-03-02T10:00:00+02:00',
  subject: 'Fix the <script> tag',
  body: '',
  refs: { pulls: [{ number: 7, url: 'https://example.com/pull/7' }], issues: [], tickets: [] },
  url: 'https://example.com/commit/aaaa',
};

function wikiPage(owners?: string[]): PageInput {
  const page: SyntheticPage & { owners?: string[] } = {
    id: 'r/doc/a.md',
    route: '/r/a/',
    title: 'A',
    kind: 'doc',
    repo: 'r',
    navDir: '',
    description: '',
    sources: [{ repo: 'r', path: 'a.md' }],
    sections: [{ anchor: 'setup', kind: 'heading', key: 'Setup', title: 'Setup', depth: 2, sources: [{ repo: 'r', path: 'a.md', lines: [3, 5] }] }],
    body: ['<h2 id="setup" class="lw-heading">Setup <a class="lw-anchor" href="#setup">#</a>', { section: 'setup' }, '</h2>'],
    ...(owners ? { owners } : {}),
  };
  const node = { page, parent: null, children: [], folder: null };
  const tree: WikiTree = { title: 'Wiki', nodes: [node], repoRoots: {} };
  const prov = { change: { status: 'known' as const, commit }, scope: null, sections: { setup: { status: 'known' as const, commit } }, history: [], historyUrl: null };
  return { tree, node, prov, provenance: { [page.id]: prov }, overview: null };
}

describe('provenance widgets in rendered pages', () => {
  it('shows the owners beside the provenance line when the page knows them, escaped', () => {
    const [page] = renderPage(wikiPage(['@acme/docs', '<b>x</b>']), createTemplateEnv(), { showEmails: false });
    expect(page!.bodyHtml).toContain('Owners: <span class="lw-owner">@acme/docs</span>, <span class="lw-owner">&lt;b&gt;x&lt;/b&gt;</span>');
    const [without] = renderPage(wikiPage(), createTemplateEnv(), { showEmails: false });
    expect(without!.bodyHtml).not.toContain('Owners:');
  });

  it('puts a copy-link button and the section badge after every section anchor, both out of the search index', () => {
    const [page] = renderPage(wikiPage(), createTemplateEnv(), { showEmails: false });
    expect(page!.bodyHtml).toMatch(/<a class="lw-anchor" href="#setup">#<\/a><button type="button" class="lw-copy" data-anchor="setup" [^>]*data-pagefind-ignore>/);
    expect(page!.bodyHtml).toMatch(/<details class="lw-badge lw-badge-known" data-pagefind-ignore>/);
    expect(page!.bodyHtml).toContain('Fix the &lt;script&gt; tag');
    expect(page!.bodyHtml).not.toContain('<script>');
  });

  it('writes only absolute UTC dates, so the output never depends on when it was built', () => {
    const [page] = renderPage(wikiPage(), createTemplateEnv(), { showEmails: false });
    expect(page!.bodyHtml).toContain('<time class="lw-rel" datetime="2024-03-02T10:00:00+02:00" title="Landed 2024-03-02 08:00 UTC; authored 2024-03-01 08:00 UTC">2024-03-02</time>');
    expect(page!.bodyHtml).not.toMatch(/\bago\b/);
  });
});
