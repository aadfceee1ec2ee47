// Plain text of Markdown nodes, as a reader sees it (raw HTML tags are not text).

import type { Nodes } from 'mdast';

/**
 * Concatenated text of `node`. Image alt text is left out by default, like the text content of the
 * rendered HTML, which is what GitHub slugs headings from.
 */
export function plainText(node: Nodes, options: { imageAlt?: boolean } = {}): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
    case 'code':
      return node.value;
    case 'html':
    case 'yaml':
      return '';
    case 'image':
      return options.imageAlt ? (node.alt ?? '') : '';
    case 'break':
      return '\n';
    default:
      return 'children' in node ? node.children.map((child) => plainText(child, options)).join('') : '';
  }
}

/** Collapses runs of whitespace and trims. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cuts `text` at a word boundary so that the result, ellipsis included, has at most `max` characters. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
