// Rendered wiki pages across builds. A wiki page's site pages (all paginated parts, lost anchors
// appended, redacted) are a function of its render input (PageInput plus the lost anchors of its
// routes, the provenance options and the templates); the key is a digest of that whole input,
// so a field added to any of it is covered without a list to keep. Bodies and commits are
// digested once each (a body is large; a commit recurs on many pages).
import { getPacked, putPacked, type Store } from '../cache/index.ts';
import { isDiagnostics, isSitePage } from '../cache/shapes.ts';
import { Diagnostics, type Diagnostic } from '../model/diagnostics.ts';
import type { SitePage } from '../model/site.ts';
import type { TemplateRenderer } from '../model/templates.ts';
import type { LedgerResult } from '../ledger/carry.ts';
import type { ProvenanceOptions } from '../provenance/attach.ts';
import { childrenOf } from '../structure/index.ts';
import { sha256 } from '../utils/digest.ts';
import { addLostAnchors } from './ledger-pages.ts';
import { pageNav } from './nav.ts';
import { CHILDREN_PER_PAGE, listedChange, paginatedRoute, renderPage, type PageInput } from './page.ts';
import { redactPages } from './redact.ts';

export const RENDER_KIND = 'render';

export interface RenderOptions {
  templates: TemplateRenderer;
  provOptions: ProvenanceOptions;
  lostAnchors: LedgerResult['lostAnchors'];
  /** Null renders every page (no cache): the same code path, so output cannot differ. */
  store: Store | null;
}

interface Entry {
  pages: SitePage[];
  notes: Diagnostic[];
}

const digests = new WeakMap<object, string>();

/** A memoized digest of a large or recurring part of the key (a body, a commit). */
function partDigest(value: object): string {
  let d = digests.get(value);
  if (d === undefined) {
    d = sha256(JSON.stringify(value));
    digests.set(value, d);
  }
  return d;
}

/** Commits (as the history stage makes them) are keyed by the digest of everything they hold. */
function isCommit(value: unknown): value is object {
  return typeof value === 'object' && value !== null && typeof (value as { sha?: unknown }).sha === 'string' && 'committedAt' in value && 'parents' in value;
}

/** Digest of a page's whole render input. */
export function renderKey(input: PageInput, options: Pick<RenderOptions, 'templates' | 'provOptions' | 'lostAnchors'>): string {
  const { node } = input;
  const pageCount = Math.max(1, Math.ceil(node.children.length / CHILDREN_PER_PAGE));
  const material = {
    page: { ...node.page, body: partDigest(node.page.body) },
    parent: node.parent,
    prov: input.prov,
    overview: input.overview,
    children: childrenOf(input.tree, node).map((c) => ({ route: c.page.route, title: c.page.title, description: c.page.description, change: listedChange(input.provenance[c.page.id]!) })),
    nav: pageNav(input.tree, node),
    lost: Array.from({ length: pageCount }, (_, i) => options.lostAnchors[paginatedRoute(node.page.route, i)] ?? null),
    provOptions: options.provOptions,
    templates: options.templates.digest,
  };
  return sha256(
    JSON.stringify(material, function (this: Record<string, unknown>, key: string, value: unknown) {
      // `this[key]` is the value before toJSON: the commit object itself, memoized by identity.
      const original = this[key];
      return isCommit(original) ? partDigest(original) : value;
    }),
  );
}

function renderFresh(input: PageInput, options: RenderOptions): Entry {
  const pages = renderPage(input, options.templates, options.provOptions);
  addLostAnchors(pages, options.lostAnchors, options.templates);
  const notes = new Diagnostics();
  redactPages(pages, notes);
  return { pages, notes: notes.items };
}

/**
 * The site pages of every wiki page, lost anchors added and redacted, in tree order, and the
 * redaction notes to report (in the order `redactPages` over all of them would report them).
 */
export function renderWikiPages(inputs: readonly PageInput[], options: RenderOptions): { pages: SitePage[]; notes: Diagnostic[] } {
  const pages: SitePage[] = [];
  const notes: Diagnostic[] = [];
  const { store } = options;
  for (const input of inputs) {
    let entry: Entry | null = null;
    const parts = store ? [renderKey(input, options)] : null;
    if (store && parts) {
      const hit = getPacked<Entry>(store, RENDER_KIND, parts);
      if (hit && Array.isArray(hit.pages) && hit.pages.every(isSitePage) && isDiagnostics(hit.notes)) entry = hit;
      else if (hit) store.stale(RENDER_KIND, 'not a rendered page');
    }
    if (!entry) {
      entry = renderFresh(input, options);
      if (store && parts) putPacked(store, RENDER_KIND, parts, entry);
    }
    pages.push(...entry.pages);
    notes.push(...entry.notes);
  }
  return { pages, notes };
}
