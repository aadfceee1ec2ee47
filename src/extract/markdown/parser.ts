// The Markdown dialect: CommonMark + GFM + YAML front matter. Never MDX: JSX, `import` and
// `{expressions}` are plain text here.

import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).freeze();

export function parseMdast(text: string): Root {
  return processor.parse(text);
}

/** Nesting deeper than this is refused: later tree walkers recurse and would overflow the stack. */
export const MAX_DEPTH = 128;

/** Start line of the first node nested deeper than `max`, or null; iterative, so it cannot overflow. */
export function findTooDeep(tree: Root, max = MAX_DEPTH): number | null {
  const stack: { node: { children?: unknown[]; position?: { start: { line: number } } }; depth: number }[] = [
    { node: tree, depth: 0 },
  ];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > max) return node.position?.start.line ?? 1;
    if (Array.isArray(node.children)) {
      for (const child of node.children) stack.push({ node: child as typeof node, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * The line of the first block quote nested deeper than `max` by its markers alone (`> > > a`,
 * `>>>a`: cmark's pathological case, on which micromark is quadratic), found without parsing;
 * null when there is none or the document could hold such a line as literal text (a code fence,
 * raw HTML, front matter), where only the parse can tell.
 */
export function deepQuoteLine(text: string, max = MAX_DEPTH): number | null {
  if (text.includes('```') || text.includes('~~~') || text.includes('<') || text.startsWith('---')) return null;
  let line = 1;
  for (let start = 0; start < text.length; line++) {
    let i = start;
    while (i < start + 3 && text[i] === ' ') i++;
    let markers = 0;
    while (text[i] === '>') {
      markers++;
      i++;
      if (text[i] === ' ') i++;
    }
    // Every marker opens one more block quote, wherever the line stands (a list item, a quote).
    if (markers > max) return line;
    const end = text.indexOf('\n', start);
    if (end < 0) break;
    start = end + 1;
  }
  return null;
}

