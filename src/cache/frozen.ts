// Extracted pages as data. An `ExtractedPage` renders its body through a closure, which cannot be
// stored; a frozen page is that body rendered once with a placeholder for every provenance badge,
// cut at the placeholders. Thawing gives a page whose body puts the real badges back in the cuts,
// which is the original body byte for byte because bodies insert `ctx.badge()` output verbatim
// (the contract on `BodyRenderContext`). The placeholders carry a random nonce, so repository text
// cannot forge one. Every frozen page also has a digest of its body (text and badge anchors): the
// render cache keys on it instead of rendering the body.
import { randomBytes } from 'node:crypto';
import type { BodyRenderContext, ExtractedPage } from '../model/extracted.ts';
import { sha256 } from './store.ts';

export interface FrozenPage {
  /** Everything of the page but `renderBody`, as extracted (owners are attached later by the pipeline). */
  data: Omit<ExtractedPage, 'renderBody'>;
  /** Body text around the badges: `texts.length === slots.length + 1`. */
  texts: string[];
  /** Section anchor of each badge between two texts. */
  slots: string[];
  /** Digest of texts and slots (stable: no nonce in it). */
  digest: string;
}

/** Body digests of pages whose body is known as data (thawed, or frozen at render time). */
const digests = new WeakMap<object, string>();

export function freezePage(page: ExtractedPage, escape: (text: string) => string): FrozenPage {
  const nonce = randomBytes(9).toString('hex');
  const anchors: string[] = [];
  const html = page.renderBody({
    badge: (anchor) => {
      anchors.push(anchor);
      return `\u0001lw-badge:${nonce}:${anchors.length - 1}\u0001`;
    },
    escape,
  });
  const texts: string[] = [];
  const slots: string[] = [];
  const token = new RegExp(`\u0001lw-badge:${nonce}:(\\d+)\u0001`, 'g');
  let last = 0;
  for (const m of html.matchAll(token)) {
    texts.push(html.slice(last, m.index));
    slots.push(anchors[Number(m[1])]!);
    last = m.index + m[0].length;
  }
  texts.push(html.slice(last));
  const { renderBody: _, ...data } = page;
  return { data, texts, slots, digest: sha256(JSON.stringify([texts, slots])) };
}

export function thawPage(frozen: FrozenPage): ExtractedPage {
  const { texts, slots } = frozen;
  const page: ExtractedPage = {
    ...frozen.data,
    renderBody: (ctx: BodyRenderContext) => {
      let out = texts[0] ?? '';
      for (let i = 0; i < slots.length; i++) out += ctx.badge(slots[i]!) + (texts[i + 1] ?? '');
      return out;
    },
  };
  digests.set(page, frozen.digest);
  return page;
}

/** Freezes pages and gives back their thawed twins (so a cache miss and a hit render alike). */
export function freezeAll(pages: ExtractedPage[], escape: (text: string) => string): { frozen: FrozenPage[]; pages: ExtractedPage[] } {
  const frozen = pages.map((p) => freezePage(p, escape));
  return { frozen, pages: frozen.map(thawPage) };
}

/**
 * Digest of a page's body apart from its badges: known for thawed pages, else computed by
 * freezing the page now (Markdown, TypeScript and synthetic pages; a template render, no badges).
 */
export function bodyDigestOf(page: { renderBody: ExtractedPage['renderBody'] }, escape: (text: string) => string): string {
  const known = digests.get(page);
  if (known !== undefined) return known;
  const digest = freezePage(page as ExtractedPage, escape).digest;
  digests.set(page, digest);
  return digest;
}
