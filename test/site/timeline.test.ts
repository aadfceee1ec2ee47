// The recent-changes timeline as pages: paginated newest first, each pagination link naming the
// dates it covers, a commit that touched very many pages listing a bounded number of them.
import { describe, expect, it } from 'vitest';
import type { Commit } from '../../src/model/history.ts';
import type { TimelineEntry } from '../../src/render/timeline-entries.ts';
import { createTemplateEnv } from '../../src/render/handlebars.ts';
import { CHANGES_PER_PAGE, PAGES_PER_CHANGE, renderTimeline } from '../../src/render/timeline.ts';

function commit(i: number): Commit {
  const person = { name: `Person ${i % 3}`, email: `p${i % 3}@example.com`, bot: false };
  const at = new Date(Date.UTC(2024, 5, 1) - i * 3_600_000).toISOString();
  return {
    sha: i.toString(16).padStart(40, '0'),
    parents: [],
    author: person,
    coAuthors: [],
    committer: person,
    authoredAt: at,
    committedAt: at,
    subject: `Change number ${i} <b>not bold</b>`,
    body: '',
    refs: { pulls: [], issues: [], tickets: [] },
    url: null,
  };
}

const entries = (n: number, pages = 1): TimelineEntry[] =>
  Array.from({ length: n }, (_, i) => ({
    repo: i % 2 === 0 ? 'alpha' : 'beta',
    commit: commit(i),
    pages: Array.from({ length: pages }, (_, k) => ({ title: `Page ${k}`, route: `/alpha/p${String(k).padStart(3, '0')}/` })),
  }));

const options = { showEmails: false, route: '/changes/', homeTitle: 'Wiki', repos: ['alpha', 'beta'] };

describe('the recent-changes timeline pages', () => {
  it('splits the changes into pages of 100, newest first, each link naming the dates it covers', () => {
    const pages = renderTimeline(entries(250), createTemplateEnv(), options);
    expect(pages.map((p) => p.route)).toEqual(['/changes/', '/changes/page/2/', '/changes/page/3/']);
    expect(pages.map((p) => p.title)).toEqual(['Recent changes', 'Recent changes (page 2)', 'Recent changes (page 3)']);
    expect(pages[0]!.bodyHtml.match(/<li class="lw-change"/g)).toHaveLength(CHANGES_PER_PAGE);
    expect(pages[2]!.bodyHtml.match(/<li class="lw-change"/g)).toHaveLength(50);
    expect(pages[1]!.bodyHtml).toContain('entries 101–200 of 250');
    expect(pages[1]!.bodyHtml).toContain('Change number 100 &lt;b&gt;not bold&lt;/b&gt;');
    // Entry 0 lands 2024-06-01 00:00; entry 99 99 hours earlier (2024-05-27).
    expect(pages[1]!.bodyHtml).toContain('<a href="/changes/">1 <span class="lw-muted">2024-05-27 – 2024-06-01</span></a>');
    expect(pages[1]!.bodyHtml).toContain('<span aria-current="page">2 <span class="lw-muted">');
    expect(pages[0]!.nav.breadcrumbs).toEqual([{ title: 'Wiki', route: '/' }]);
  });

  it('lists at most 30 pages under one commit and says how many more it changed', () => {
    const [page] = renderTimeline(entries(1, 45), createTemplateEnv(), options);
    const listed = page!.bodyHtml.match(/<code class="lw-route">/g);
    expect(listed).toHaveLength(PAGES_PER_CHANGE);
    expect(page!.bodyHtml).toContain('and 15 more pages');
  });

  it('offers the repository filter only when the wiki has several repositories, and says so when nothing changed yet', () => {
    const [single] = renderTimeline(entries(3), createTemplateEnv(), { ...options, repos: ['alpha'] });
    expect(single!.bodyHtml).not.toContain('name="repo"');
    expect(single!.bodyHtml).toContain('name="after"');
    const [empty] = renderTimeline([], createTemplateEnv(), options);
    expect(empty!.route).toBe('/changes/');
    expect(empty!.bodyHtml).toContain('No changes yet.');
  });
});
