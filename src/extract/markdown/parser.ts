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
