// The render cache: whatever input of a page changes, a cached render equals an uncached one
// byte for byte; what did not change comes from the cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CacheStore } from '../../src/cache/index.ts';
import type { ResolvedConfig } from '../../src/config/load.ts';
import type { LedgerResult } from '../../src/ledger/carry.ts';
import type { Change, Commit } from '../../src/model/history.ts';
import type { WikiNode, WikiProvenance, WikiTree } from '../../src/model/wiki.ts';
import type { TemplateEnv } from '../../src/render/handlebars.ts';
import { pageInputs, renderWikiPages } from '../../src/render/index.ts';
import { nodeOf } from '../../src/structure/index.ts';
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

interface Model {
  tree: WikiTree;
  provenance: WikiProvenance;
}

/** Renders with the store and without any cache; both must agree. Returns the routes served from the cache. */
function renderBoth(model: Model, templates: TemplateEnv, store: CacheStore, lostAnchors: LedgerResult['lostAnchors'] = {}) {
  const inputs = pageInputs(model.tree, model.provenance);
  const before = store.stats().byKind.render?.hits ?? 0;
  const cached = renderWikiPages(inputs, { templates, provOptions, lostAnchors, store });
  const hits = (store.stats().byKind.render?.hits ?? 0) - before;
  const fresh = renderWikiPages(inputs, { templates, provOptions, lostAnchors, store: null });
  expect(JSON.stringify(cached)).toBe(JSON.stringify(fresh));
  return { hits, misses: inputs.length - hits };
}

function find(model: Model, pred: (p: WikiNode) => boolean, what: string): WikiNode {
  const p = model.tree.nodes.find(pred);
  if (!p) throw new Error(`no ${what}`);
  return p;
}

describe('render cache', () => {
  it('serves every page from the cache when nothing changed, identical to rendering', async () => {
    const { tree, provenance, templates } = await treeOf(config);
    const store = new CacheStore(tempDir(), 'salt');
    expect(renderBoth({ tree, provenance }, templates, store).hits).toBe(0);
    expect(renderBoth({ tree, provenance }, templates, store)).toEqual({ hits: tree.nodes.length, misses: 0 });
    // A new build of the same commit (new objects, same contents) hits as well.
    const again = await treeOf(config);
    expect(renderBoth(again, again.templates, store).misses).toBe(0);
  });

  it('re-renders exactly the pages an input change reaches, each kind of input in turn', async () => {
    const { tree, provenance, templates } = await treeOf(config);
    const model: Model = { tree, provenance };
    const store = new CacheStore(tempDir(), 'salt');
    renderBoth(model, templates, store);
    const provOf = (p: WikiNode) => model.provenance.pages[p.page.id]!;
    const guide = find(model, (p) => p.page.kind === 'doc' && p.page.sections.length > 1 && p.parent !== null && nodeOf(model.tree, p.parent).children.length > 1, 'doc page with siblings');
    const anyCommit = (p: WikiNode): Commit => {
      for (const c of [provOf(p).change, ...Object.values(provOf(p).sections)] as Change[]) if (c.status === 'known') return c.commit;
      throw new Error('no commit');
    };
    const other = find(model, (p) => provOf(p).change.status === 'known' && anyCommit(p).sha !== anyCommit(guide).sha, 'page with another commit');

    // A section's commit.
    provOf(guide).sections[guide.page.sections[1]!.anchor] = { status: 'known', commit: anyCommit(other) };
    expect(renderBoth(model, templates, store).misses).toBe(1);

    // The same commit, its author renamed (a .mailmap change keeps the sha).
    const c = JSON.parse(JSON.stringify(anyCommit(other))) as Commit;
    provOf(guide).sections[guide.page.sections[1]!.anchor] = { status: 'known', commit: { ...c, author: { ...c.author, name: 'Renamed Author' } } };
    expect(renderBoth(model, templates, store).misses).toBe(1);

    // A section becomes unknown, with a reason.
    provOf(guide).sections[guide.page.sections[0]!.anchor] = { status: 'unknown', reason: 'shallow clone' };
    expect(renderBoth(model, templates, store).misses).toBe(1);

    // A child's title: its own page, its parent's listing and every sibling's sidebar.
    const parent = nodeOf(model.tree, guide.parent!);
    guide.page = { ...guide.page, title: 'Retitled guide' };
    expect(renderBoth(model, templates, store).misses).toBeGreaterThanOrEqual(1 + parent.children.length);

    // A sibling added (navigation of every sibling, the parent's listing).
    const sibling: WikiNode = {
      page: { id: 'widgets/docs/new', route: '/widgets/docs/new/', title: 'New', kind: 'doc', repo: 'widgets', navDir: 'docs', description: 'A new page', sources: [], sections: [], body: ['<p>new</p>'] },
      parent: parent.page.id,
      children: [],
      folder: null,
    };
    parent.children.push(sibling.page.id);
    model.tree = { ...model.tree, nodes: [...model.tree.nodes, sibling] };
    model.provenance.pages[sibling.page.id] = { change: { status: 'unknown', reason: 'this page has no sources' }, scope: null, sections: {}, history: [], historyUrl: null };
    expect(renderBoth(model, templates, store).misses).toBeGreaterThanOrEqual(parent.children.length + 1);

    // Owners.
    guide.page = { ...guide.page, owners: ['@acme/new-owners'] };
    expect(renderBoth(model, templates, store).misses).toBe(1);

    // The body itself (a new page object, as every build makes).
    const body = guide.page.body;
    guide.page = { ...guide.page, body: body.map((part) => (typeof part === 'string' ? part.replace('</p>', ' (edited)</p>') : part)) };
    expect(renderBoth(model, templates, store).misses).toBe(1);

    // The page's own change and its history.
    provOf(guide).change = { status: 'known', commit: anyCommit(other) };
    provOf(guide).history = provOf(guide).history.slice(1);
    expect(renderBoth(model, templates, store).misses).toBeGreaterThanOrEqual(2); // the page and its parent's listing

    // Banners and description.
    guide.page = { ...guide.page, banners: [{ severity: 'warning', message: 'Check this' }] };
    expect(renderBoth(model, templates, store).misses).toBe(1);

    // The repository overview (recent history of the repository root).
    const repo = Object.keys(model.provenance.overviews)[0]!;
    model.provenance.overviews[repo] = { ...model.provenance.overviews[repo]!, contributors: [] };
    expect(renderBoth(model, templates, store).misses).toBe(1);

    // Anchors lost since the last publication are listed on the page.
    const lost: LedgerResult['lostAnchors'] = { [guide.page.route]: [{ anchor: { anchor: 'old-setup', kind: 'heading', key: 'Old setup' }, id: 'old-setup', to: null, removed: null }] };
    expect(renderBoth(model, templates, store, lost).misses).toBe(1);
    expect(renderBoth(model, templates, store, lost).misses).toBe(0);
  });

  it('stores the redaction notes of a page and reports them again on a hit', async () => {
    const { tree, provenance, templates } = await treeOf(config);
    const page = tree.nodes.find((p) => p.page.kind === 'doc')!;
    const secret = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
    page.page = { ...page.page, description: `token ${secret}` };
    const store = new CacheStore(tempDir(), 'salt');
    const inputs = pageInputs(tree, provenance);
    const first = renderWikiPages(inputs, { templates, provOptions, lostAnchors: {}, store });
    const second = renderWikiPages(inputs, { templates, provOptions, lostAnchors: {}, store });
    expect(first.notes.map((d) => d.code)).toContain('I_SECRET_REDACTED');
    expect(second.notes).toEqual(first.notes);
    expect(JSON.stringify(second.pages)).not.toContain(secret);
    expect(store.stats().byKind.render!.hits).toBe(tree.nodes.length);
  });
});
