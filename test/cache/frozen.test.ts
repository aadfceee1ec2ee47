// Frozen pages: a page stored as data renders the same body as the extractor's closure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyDigestOf, freezePage, thawPage } from '../../src/cache/index.ts';
import type { BodyRenderContext, ExtractedPage } from '../../src/model/extracted.ts';
import type { WikiTree } from '../../src/pipeline/structure.ts';
import type { TemplateEnv } from '../../src/render/handlebars.ts';
import { makeFixtureWiki, type FixtureWiki } from '../helpers/fixture-wiki.ts';
import { cleanupTemps, configOf, treeOf } from './helpers.ts';

let fixture: FixtureWiki;
let tree: WikiTree;
let templates: TemplateEnv;

beforeAll(async () => {
  fixture = makeFixtureWiki();
  // A Requirements page needs declared requirements; a config file with a nested key and a TOML file.
  fixture.repo.write('.nvmrc', '22\n').write('config/app.toml', '[server]\nport = 8080 # listen here\n\n[db]\nurl = "postgres://localhost/app"\n');
  fixture.repo.commit({ message: 'Add runtime and app config' });
  ({ tree, templates } = await treeOf(await configOf(fixture.repo)));
}, 120_000);

afterAll(() => {
  fixture.repo.cleanup();
  cleanupTemps();
});

/** Badges as the render stage makes them: distinct per anchor, some sections without one. */
function ctxOf(escape: (t: string) => string): BodyRenderContext {
  return { badge: (anchor) => (anchor.length % 3 === 0 ? '' : `<span class="badge" data-for="${escape(anchor)}">${escape(anchor)} &amp; co</span>`), escape };
}

describe('frozen pages', () => {
  it('cover every kind of extracted page of the fixture wiki', () => {
    const kinds = new Set(tree.all.map((p) => p.page.kind));
    for (const k of ['doc', 'openapi', 'config', 'requirements']) expect(kinds, k).toContain(k);
  });

  it('render, thawed, exactly the body of the original page with real badges, for every page', () => {
    for (const p of tree.all) {
      const page = p.page as ExtractedPage;
      const ctx = ctxOf(templates.escape);
      const thawed = thawPage(JSON.parse(JSON.stringify(freezePage(page, templates.escape))));
      expect(thawed.renderBody(ctx), page.id).toBe(page.renderBody(ctx));
      const { renderBody: _a, ...data } = page;
      const { renderBody: _b, ...thawedData } = thawed;
      expect(JSON.parse(JSON.stringify(thawedData)), page.id).toEqual(JSON.parse(JSON.stringify(data)));
    }
  });

  it('give the same body digest every time, and a different one when the body differs', () => {
    const digests = new Map<string, string>();
    for (const p of tree.all) {
      const a = freezePage(p.page as ExtractedPage, templates.escape).digest;
      expect(freezePage(p.page as ExtractedPage, templates.escape).digest).toBe(a);
      expect(bodyDigestOf(thawPage(freezePage(p.page as ExtractedPage, templates.escape)), templates.escape)).toBe(a);
      if (p.page.sections.length > 0) digests.set(p.page.id, a);
    }
    expect(new Set(digests.values()).size).toBe(digests.size);
  });

  it('cannot be fooled by repository text that looks like a badge placeholder', () => {
    const forged = '\u0001lw-badge:0123456789abcdef01:0\u0001';
    const page: ExtractedPage = {
      id: 'r/x', route: '/r/x/', title: 'x', kind: 'doc', repo: 'r', navDir: '', description: '', sources: [], sections: [],
      renderBody: (ctx) => `<p>${forged}</p>${ctx.badge('a')}<p>${forged.replace('0\u0001', '1\u0001')}</p>`,
    };
    const ctx = ctxOf(templates.escape);
    expect(thawPage(freezePage(page, templates.escape)).renderBody(ctx)).toBe(page.renderBody(ctx));
  });
});
