// The render cache: whatever input of a page changes, a cached render equals an uncached one
// byte for byte; what did not change comes from the cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CacheStore, renderWikiPages } from '../../src/cache/index.ts';
import type { ResolvedConfig } from '../../src/config/load.ts';
import type { Commit } from '../../src/model/history.ts';
import { newWikiPage, type WikiPage } from '../../src/pipeline/wiki.ts';
import type { WikiTree } from '../../src/pipeline/structure.ts';
import type { TemplateEnv } from '../../src/render/handlebars.ts';
import type { LedgerResult } from '../../src/ledger/resolve.ts';
import { makeFixtureWiki, type FixtureWiki } from '../helpers/fixture-wiki.ts';
import { cleanupTemps, configOf, tempDir, treeOf } from './helpers.ts';

let fixture: FixtureWiki;
let config: ResolvedConfig;

beforeAll(async () => {
  fixture = makeFixtureWiki();
  config = await configOf(fixture.repo);
}, 60_000);

afterAll(() => {
  fixture.repo.cleanup();
  cleanupTemps();
});

const provOptions = { showEmails: false };

/** Renders with the store and without any cache; both must agree. Returns the routes served from the cache. */
function renderBoth(tree: WikiTree, templates: TemplateEnv, store: CacheStore, lostAnchors: LedgerResult['lostAnchors'] = new Map()) {
  const before = store.stats().byKind.render?.hits ?? 0;
  const cached = renderWikiPages(tree.all, { templates, provOptions, lostAnchors, cache: store });
  const hits = (store.stats().byKind.render?.hits ?? 0) - before;
  const fresh = renderWikiPages(tree.all, { templates, provOptions, lostAnchors, cache: null });
  expect(JSON.stringify(cached)).toBe(JSON.stringify(fresh));
  return { hits, misses: tree.all.length - hits };
}

function find(tree: WikiTree, pred: (p: WikiPage) => boolean, what: string): WikiPage {
  const p = tree.all.find(pred);
  if (!p) throw new Error(`no ${what}`);
  return p;
}

describe('render cache', () => {
  it('serves every page from the cache when nothing changed, identical to rendering', async () => {
    const { tree, templates } = await treeOf(config);
    const store = new CacheStore(tempDir(), 'salt');
    expect(renderBoth(tree, templates, store).hits).toBe(0);
    expect(renderBoth(tree, templates, store)).toEqual({ hits: tree.all.length, misses: 0 });
    // A new build of the same commit (new objects, same contents) hits as well.
    const again = await treeOf(config);
    expect(renderBoth(again.tree, again.templates, store).misses).toBe(0);
  });

  it('re-renders exactly the pages an input change reaches, each kind of input in turn', async () => {
    const { tree, templates } = await treeOf(config);
    const store = new CacheStore(tempDir(), 'salt');
    renderBoth(tree, templates, store);
    const guide = find(tree, (p) => p.page.kind === 'doc' && p.page.sections.length > 1 && p.parent !== null && p.parent.children.length > 1, 'doc page with siblings');
    const anyCommit = (p: WikiPage): Commit => {
      for (const c of [p.change, ...p.sectionChanges.values()]) if (c.status === 'known') return c.commit;
      throw new Error('no commit');
    };
    const other = find(tree, (p) => p.change.status === 'known' && anyCommit(p).sha !== anyCommit(guide).sha, 'page with another commit');

    // A section's commit.
    guide.sectionChanges.set(guide.page.sections[1]!.anchor, { status: 'known', commit: anyCommit(other) });
    expect(renderBoth(tree, templates, store).misses).toBe(1);

    // The same commit, its author renamed (a .mailmap change keeps the sha).
    const c = JSON.parse(JSON.stringify(anyCommit(other))) as Commit;
    guide.sectionChanges.set(guide.page.sections[1]!.anchor, { status: 'known', commit: { ...c, author: { ...c.author, name: 'Renamed Author' } } });
    expect(renderBoth(tree, templates, store).misses).toBe(1);

    // A section becomes unknown, with a reason.
    guide.sectionChanges.set(guide.page.sections[0]!.anchor, { status: 'unknown', reason: 'shallow clone' });
    expect(renderBoth(tree, templates, store).misses).toBe(1);

    // A child's title: its own page, its parent's listing and every sibling's sidebar.
    const parent = guide.parent!;
    guide.page = { ...guide.page, title: 'Retitled guide' };
    expect(renderBoth(tree, templates, store).misses).toBeGreaterThanOrEqual(1 + parent.children.length);

    // A sibling added (navigation of every sibling, the parent's listing).
    const sibling = newWikiPage({ id: 'widgets/docs/new', route: '/widgets/docs/new/', title: 'New', kind: 'doc', repo: 'widgets', navDir: 'docs', description: 'A new page', sources: [], sections: [], body: ['<p>new</p>'] });
    sibling.parent = parent;
    parent.children.push(sibling);
    tree.all.push(sibling);
    expect(renderBoth(tree, templates, store).misses).toBeGreaterThanOrEqual(parent.children.length + 1);

    // Owners.
    guide.page = { ...guide.page, owners: ['@acme/new-owners'] };
    expect(renderBoth(tree, templates, store).misses).toBe(1);

    // The body itself (a new page object, as every build makes).
    const body = guide.page.body;
    guide.page = { ...guide.page, body: body.map((part) => (typeof part === 'string' ? part.replace('</p>', ' (edited)</p>') : part)) };
    expect(renderBoth(tree, templates, store).misses).toBe(1);

    // The page's own change and its history.
    guide.change = { status: 'known', commit: anyCommit(other) };
    guide.history = guide.history.slice(1);
    expect(renderBoth(tree, templates, store).misses).toBeGreaterThanOrEqual(2); // the page and its parent's listing

    // Banners and description.
    guide.page = { ...guide.page, banners: [{ severity: 'warning', message: 'Check this' }] };
    expect(renderBoth(tree, templates, store).misses).toBe(1);

    // The repository overview (recent history of the repository root).
    const root = find(tree, (p) => p.overview !== null, 'repository root');
    root.overview = { ...root.overview!, contributors: [] };
    expect(renderBoth(tree, templates, store).misses).toBe(1);

    // Anchors lost since the last publication are listed on the page.
    const lost: LedgerResult['lostAnchors'] = new Map([[guide.page.route, [{ anchor: { anchor: 'old-setup', kind: 'heading', key: 'Old setup' }, to: null }]]]);
    expect(renderBoth(tree, templates, store, lost).misses).toBe(1);
    expect(renderBoth(tree, templates, store, lost).misses).toBe(0);
  });

  it('stores the redaction notes of a page and reports them again on a hit', async () => {
    const { tree, templates } = await treeOf(config);
    const page = tree.all.find((p) => p.page.kind === 'doc')!;
    const secret = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
    page.page = { ...page.page, description: `token ${secret}` };
    const store = new CacheStore(tempDir(), 'salt');
    const first = renderWikiPages(tree.all, { templates, provOptions, lostAnchors: new Map(), cache: store });
    const second = renderWikiPages(tree.all, { templates, provOptions, lostAnchors: new Map(), cache: store });
    expect(first.notes.map((d) => d.code)).toContain('I_SECRET_REDACTED');
    expect(second.notes).toEqual(first.notes);
    expect(JSON.stringify(second.pages)).not.toContain(secret);
    expect(store.stats().byKind.render!.hits).toBe(tree.all.length);
  });
});
