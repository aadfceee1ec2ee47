// Rendered wiki pages across builds. A wiki page's site pages (all paginated parts, with lost
// anchors appended and redacted) are a function of what `renderPage`, `addLostAnchors` and
// `redactPages` read of it; the key is a digest of all of that, so computing it costs far less
// than rendering: the body as a digest (frozen.ts), and commits by a memoized digest of
// everything a badge shows of them (a `.mailmap` change keeps the sha but renames authors).
// The redaction notes of a page are stored with it and reported again, in page order.
import type { ProvenanceOptions } from '../provenance/attach.ts';
import type { Commit } from '../model/history.ts';
import { Diagnostics, type Diagnostic } from '../model/diagnostics.ts';
import type { SitePage } from '../model/site.ts';
import { addLostAnchors } from '../ledger/pages.ts';
import type { LedgerResult } from '../ledger/resolve.ts';
import type { WikiPage } from '../pipeline/wiki.ts';
import type { Change } from '../provenance/types.ts';
import type { BodyPart } from '../model/templates.ts';
import { redactPages } from '../pipeline/redact.ts';
import type { TemplateEnv } from '../render/handlebars.ts';
import { pageNav } from '../render/nav.ts';
import { CHILDREN_PER_PAGE, paginatedRoute, renderPage } from '../render/page.ts';
import { getPacked, putPacked } from './packed.ts';
import { sha256, type CacheStore } from './store.ts';

export const RENDER_KIND = 'render';

export interface RenderInput {
  templates: TemplateEnv;
  provOptions: ProvenanceOptions;
  lostAnchors: LedgerResult['lostAnchors'];
  /** Null renders every page (no cache): the same code path, so output cannot differ. */
  cache: CacheStore | null;
}

interface Entry {
  pages: SitePage[];
  notes: Diagnostic[];
}

const commitDigests = new WeakMap<Commit, string>();

function commitDigest(c: Commit): string {
  let d = commitDigests.get(c);
  if (d === undefined) {
    d = sha256(JSON.stringify(c));
    commitDigests.set(c, d);
  }
  return d;
}

const bodyDigests = new WeakMap<object, string>();

/** Digest of a page body, memoized per body (a page is rendered once per run, keyed twice). */
function bodyDigest(body: readonly BodyPart[]): string {
  let d = bodyDigests.get(body);
  if (d === undefined) {
    d = sha256(JSON.stringify(body));
    bodyDigests.set(body, d);
  }
  return d;
}

function changeId(c: Change | undefined): string | null {
  if (!c) return null;
  return c.status === 'known' ? commitDigest(c.commit) : `${c.status}\0${c.reason}`;
}

/** Everything the rendered and redacted output of `p` depends on besides livewiki, config and templates (the salt). */
export function renderKey(p: WikiPage, input: Pick<RenderInput, 'templates' | 'provOptions' | 'lostAnchors'>): string {
  const page = p.page;
  const pageCount = Math.max(1, Math.ceil(p.children.length / CHILDREN_PER_PAGE));
  const lost = Array.from({ length: pageCount }, (_, i) => input.lostAnchors.get(paginatedRoute(page.route, i)) ?? null);
  return sha256(
    JSON.stringify([
      page.id,
      page.route,
      page.title,
      page.kind,
      page.repo,
      page.description,
      page.banners ?? null,
      (page as { owners?: unknown }).owners ?? null,
      page.sections.map((s) => [s.anchor, s.title, s.depth ?? null, changeId(p.sectionChanges.get(s.anchor))]),
      bodyDigest(page.body),
      changeId(p.change),
      p.history,
      p.historyUrl,
      p.overview,
      p.children.map((c) => [c.page.route, c.page.title, c.page.description, changeId(c.change)]),
      pageNav(p),
      lost,
      input.provOptions,
    ]),
  );
}

function renderFresh(p: WikiPage, input: RenderInput): Entry {
  const pages = renderPage(p, input.templates, input.provOptions);
  addLostAnchors(pages, { lostAnchors: input.lostAnchors } as LedgerResult, input.templates);
  const notes = new Diagnostics();
  redactPages(pages, notes);
  return { pages, notes: notes.items };
}

/**
 * The site pages of every wiki page, lost anchors added and redacted, in tree order, and the
 * redaction notes to report (in the order `redactPages` over all of them would report them).
 */
export function renderWikiPages(all: readonly WikiPage[], input: RenderInput): { pages: SitePage[]; notes: Diagnostic[] } {
  const pages: SitePage[] = [];
  const notes: Diagnostic[] = [];
  const { cache } = input;
  for (const p of all) {
    let entry: Entry | null = null;
    const parts = cache ? [renderKey(p, input)] : null;
    if (cache && parts) {
      const hit = getPacked<Entry>(cache, RENDER_KIND, parts);
      if (hit && Array.isArray(hit.pages) && Array.isArray(hit.notes)) entry = hit;
    }
    if (!entry) {
      entry = renderFresh(p, input);
      if (cache && parts) putPacked(cache, RENDER_KIND, parts, entry);
    }
    pages.push(...entry.pages);
    notes.push(...entry.notes);
  }
  return { pages, notes };
}
