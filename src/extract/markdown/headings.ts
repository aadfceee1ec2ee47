// Heading anchors (GitHub-compatible) and section line ranges, from the mdast.

import GithubSlugger, { slug } from 'github-slugger';
import type { Heading, Root } from 'mdast';
import { redact } from '../../secrets/index.ts';
import type { MarkdownSection } from './types.ts';
import { plainText, squash } from './text.ts';

export interface HeadingInfo {
  node: Heading;
  anchor: string;
  title: string;
  /** Direct child of the root (a section boundary), not nested in a quote or list. */
  topLevel: boolean;
}

// Bidi and zero-width controls (Trojan Source, CVE-2021-42574): invisible, so never part of an anchor.
const INVISIBLE = /[\u0000-\u001f\u007f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/**
 * Anchor text for a heading: NFC, no invisible characters, and secrets replaced by their marker
 * first: the heading is shown redacted, and an anchor made from the raw text would publish the
 * value in `id=`, the TOC, links, livewiki.json and the ledger (lower-cased, which gives an AWS
 * key id back whole).
 */
function slugSource(text: string): string {
  return redact(text.normalize('NFC').replace(INVISIBLE, ''));
}

/** All headings in document order, each with its de-duplicated anchor (one slugger per document). */
export function collectHeadings(tree: Root): HeadingInfo[] {
  const slugger = new GithubSlugger();
  const out: HeadingInfo[] = [];
  const visit = (node: Root | Root['children'][number], topLevel: boolean): void => {
    if (node.type === 'heading') {
      const text = plainText(node);
      const source = slugSource(text);
      // Headings made only of emoji or punctuation slug to '' (GitHub: `#`, `#-1`); give them a name.
      const anchor = slugger.slug(slug(source) === '' ? 'section' : source);
      out.push({ node, anchor, title: squash(text), topLevel });
      return;
    }
    if ('children' in node) for (const child of node.children) visit(child as Root['children'][number], false);
  };
  for (const child of tree.children) visit(child, true);
  return out;
}

/**
 * Line range of each top-level heading's section: from its line to the end of the last node before
 * the next heading of the same or higher rank (subsections included).
 */
export function sectionRanges(tree: Root, headings: HeadingInfo[], skip: Heading | null): MarkdownSection[] {
  const byNode = new Map(headings.map((h) => [h.node, h] as const));
  const children = tree.children;
  const sections: MarkdownSection[] = [];
  children.forEach((child, index) => {
    if (child.type !== 'heading' || child === skip) return;
    const info = byNode.get(child);
    if (!info || !child.position) return;
    let end = child.position.end.line;
    for (let next = index + 1; next < children.length; next++) {
      const node = children[next]!;
      if (node.type === 'heading' && node.depth <= child.depth) break;
      if (node.position) end = node.position.end.line;
    }
    sections.push({ anchor: info.anchor, title: info.title, depth: child.depth, lines: [child.position.start.line, end] });
  });
  return sections;
}
