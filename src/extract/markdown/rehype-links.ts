// Rewrites links and images (Markdown and raw HTML alike, so it runs after rehype-raw and before
// the sanitizer, which still vets every URL it leaves).
//
// External images are removed: the published site must make no requests to other hosts (privacy,
// offline use during incidents). An `http(s)` image becomes a link with its alt text instead.

import type { Element, ElementContent, Root, RootContent } from 'hast';
import type { LinkResolver } from './types.ts';
import { classifyUrl } from './links.ts';

export interface LinkContext {
  docPath: string;
  links: LinkResolver;
  /** Called for every link or image that could not be resolved. */
  unresolved(kind: 'link' | 'image', url: string, reason: string, line: number | undefined): void;
  /** Called for every external image that was replaced by a link. */
  externalImage(url: string, line: number | undefined): void;
}

export function rehypeRewriteLinks(ctx: LinkContext) {
  return (tree: Root): undefined => {
    rewriteChildren(tree, ctx);
  };
}

function rewriteChildren(parent: Root | Element, ctx: LinkContext): void {
  const out: (RootContent | ElementContent)[] = [];
  for (const child of parent.children) {
    if (child.type !== 'element') {
      out.push(child);
      continue;
    }
    // Templates keep their content elsewhere in hast; the sanitizer drops them anyway.
    rewriteChildren(child, ctx);
    if (child.tagName === 'img') out.push(...rewriteImage(child, ctx));
    else if (child.tagName === 'a') out.push(...rewriteLink(child, ctx));
    else {
      if (child.tagName === 'source') delete child.properties.srcSet;
      out.push(child);
    }
  }
  parent.children = out as typeof parent.children;
}

function lineOf(node: Element): number | undefined {
  return node.position?.start.line;
}

function rewriteLink(a: Element, ctx: LinkContext): ElementContent[] {
  const href = a.properties.href;
  if (typeof href !== 'string') return [a];
  const target = classifyUrl(href, ctx.docPath);
  if (target.kind === 'fragment' || target.kind === 'absolute') return [a];
  if (target.kind === 'invalid') {
    ctx.unresolved('link', href, target.reason, lineOf(a));
    return a.children;
  }
  const url = ctx.links.doc(target.path, target.fragment) ?? ctx.links.file(target.path);
  if (url === null) {
    ctx.unresolved('link', href, 'not a tracked file of the repository', lineOf(a));
    return a.children;
  }
  a.properties.href = url;
  return [a];
}

function rewriteImage(img: Element, ctx: LinkContext): ElementContent[] {
  delete img.properties.srcSet;
  const src = img.properties.src;
  const alt = typeof img.properties.alt === 'string' ? img.properties.alt : '';
  if (typeof src !== 'string') return [img];
  const target = classifyUrl(src, ctx.docPath);
  if (target.kind === 'absolute') {
    if (/^(https?:)?\/\//i.test(src)) {
      ctx.externalImage(src, lineOf(img));
      return [linkTo(src, alt === '' ? src : alt)];
    }
    // data:, javascript: … images: keep the words only.
    return alt === '' ? [] : [{ type: 'text', value: alt }];
  }
  const url = target.kind === 'repo' ? ctx.links.asset(target.path) : null;
  if (url === null) {
    const reason = target.kind === 'invalid' ? target.reason : 'not a tracked, allowed asset of the repository';
    ctx.unresolved('image', src, reason, lineOf(img));
    return alt === '' ? [] : [{ type: 'text', value: alt }];
  }
  img.properties.src = url;
  return [img];
}

function linkTo(href: string, text: string): Element {
  return { type: 'element', tagName: 'a', properties: { href }, children: [{ type: 'text', value: text }] };
}
