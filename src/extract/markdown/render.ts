// mdast → sanitized HTML chunks, one per top-level heading.
//
// The hast tree is split BEFORE raw HTML is parsed, so an unclosed `<div>` in one section cannot
// swallow the next, and every chunk is raw-parsed, link-rewritten and sanitized on its own. The
// sanitizer is the last step that can add markup from the document; after it only heading ids
// (slugs we computed) are set.

import type { Element, Root as HastRoot, RootContent } from 'hast';
import type { Heading, Root as MdastRoot } from 'mdast';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { MarkdownChunk } from './types.ts';
import type { HeadingInfo } from './headings.ts';
import { rehypeRewriteLinks } from './rehype-links.ts';
import type { LinkContext } from './rehype-links.ts';
import { sanitizeSchema } from './schema.ts';
import { rehypeShowInvisible, type InvisibleFound } from './invisible.ts';

// Footnote ids get their `user-content-` prefix once, from the sanitizer.
const toHast = unified().use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: '' }).freeze();
const stringifier = unified().use(rehypeStringify).freeze();

export interface RenderInput {
  tree: MdastRoot;
  /** The text the tree's positions refer to. */
  text: string;
  path: string;
  headings: HeadingInfo[];
  /** The depth-1 heading used as the page title: not a chunk heading. */
  titleHeading: Heading | null;
  linkContext: LinkContext;
  /** Hears of bidirectional controls and zero-width characters shown visibly in code or link text (M9). */
  onInvisible?: (found: InvisibleFound) => void;
}

export function renderChunks(input: RenderInput): MarkdownChunk[] {
  const file = { value: input.text, path: input.path };
  const hast = toHast.runSync(input.tree, file) as HastRoot;

  const offsetOf = (node: { position?: { start: { offset?: number } } }): number | undefined =>
    node.position?.start.offset;
  const topByOffset = new Map<number, HeadingInfo>();
  const nestedIds = new Map<number, string>();
  for (const h of input.headings) {
    const offset = offsetOf(h.node);
    if (offset === undefined) continue;
    if (h.topLevel) topByOffset.set(offset, h);
    else nestedIds.set(offset, h.anchor);
  }
  const titleOffset = input.titleHeading ? offsetOf(input.titleHeading) : undefined;

  const html = unified()
    .use(rehypeRaw)
    .use(rehypeRewriteLinks, input.linkContext)
    .use(rehypeSanitize, sanitizeSchema)
    .use(rehypeHeadingIds, nestedIds)
    .use(rehypeShowInvisible, input.onInvisible ?? (() => {}))
    .freeze();
  const render = (children: RootContent[]): HastRoot => html.runSync({ type: 'root', children }, file) as HastRoot;

  const pending: { section: string | null; depth: number; heading: HastRoot | null; body: HastRoot }[] = [];
  let current: { info: HeadingInfo | null; heading: Element | null; body: RootContent[] } = {
    info: null,
    heading: null,
    body: [],
  };
  const flush = (): void => {
    pending.push({
      section: current.info?.anchor ?? null,
      depth: current.info?.node.depth ?? 0,
      heading: current.heading ? render(current.heading.children) : null,
      body: render(current.body),
    });
  };
  for (const child of hast.children) {
    const offset = child.type === 'element' && /^h[1-6]$/.test(child.tagName) ? offsetOf(child) : undefined;
    if (offset !== undefined && offset === titleOffset) continue;
    const info = offset === undefined ? undefined : topByOffset.get(offset);
    if (info && child.type === 'element') {
      flush();
      current = { info, heading: child, body: [] };
    } else {
      current.body.push(child);
    }
  }
  flush();

  const trees = pending.flatMap((p) => (p.heading ? [p.heading, p.body] : [p.body]));
  const ids = collectIds(trees);
  for (const h of input.headings) ids.add(h.anchor);
  for (const tree of trees) retargetFragments(tree, ids);

  const chunks: MarkdownChunk[] = [];
  for (const p of pending) {
    const bodyHtml = stringifier.stringify(p.body).trim();
    if (p.section === null) {
      if (bodyHtml !== '') chunks.push({ section: null, headingHtml: '', depth: 0, bodyHtml });
    } else {
      chunks.push({ section: p.section, headingHtml: stringifier.stringify(p.heading!).trim(), depth: p.depth, bodyHtml });
    }
  }
  return chunks;
}

function* elements(tree: HastRoot): Generator<Element> {
  const stack: (HastRoot | Element)[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      yield child;
      stack.push(child);
    }
  }
}

function collectIds(trees: HastRoot[]): Set<string> {
  const ids = new Set<string>();
  for (const tree of trees) {
    for (const el of elements(tree)) {
      for (const key of ['id', 'name'] as const) {
        const value = el.properties[key];
        if (typeof value === 'string') ids.add(value);
      }
    }
  }
  return ids;
}

/**
 * The sanitizer prefixes document ids with `user-content-` (DOM clobbering), which breaks `#name`
 * links to them (footnotes, `<a name="x">`); GitHub fixes that with script, we fix the hrefs.
 * Runs after the sanitizer and only writes `#user-content-` + a fragment already in the href.
 */
function retargetFragments(tree: HastRoot, ids: Set<string>): void {
  for (const el of elements(tree)) {
    const href = el.tagName === 'a' ? el.properties.href : undefined;
    if (typeof href !== 'string' || !href.startsWith('#')) continue;
    let fragment: string;
    try {
      fragment = decodeURIComponent(href.slice(1));
    } catch {
      continue;
    }
    if (!ids.has(fragment) && ids.has(`user-content-${fragment}`)) el.properties.href = `#user-content-${href.slice(1)}`;
  }
}

/**
 * Gives headings nested in quotes or lists their anchor as `id`. Runs after the sanitizer: it only
 * writes slugs we computed, matched by source position, never anything copied from the document's HTML.
 */
function rehypeHeadingIds(ids: Map<number, string>) {
  return (tree: HastRoot): undefined => {
    for (const el of elements(tree)) {
      const offset = el.position?.start.offset;
      if (/^h[1-6]$/.test(el.tagName) && offset !== undefined && ids.has(offset)) el.properties.id = ids.get(offset);
    }
  };
}
