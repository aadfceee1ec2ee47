// Trojan Source (CVE-2021-42574; catalogue M9): bidirectional controls and zero-width characters
// make code and link text read differently from what it is. In code (inline and blocks) and in
// link text each one is shown as a visible marker, `<U+202E>`, named in its title, as GitHub
// flags "hidden or bidirectional Unicode text", and reported with its line. Runs after the
// sanitizer: it only adds our own spans with fixed classes and text.

import type { Element, ElementContent, Root } from 'hast';

const NAMES: Record<string, string> = {
  '\u061C': 'ARABIC LETTER MARK',
  '\u200E': 'LEFT-TO-RIGHT MARK',
  '\u200F': 'RIGHT-TO-LEFT MARK',
  '\u202A': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202B': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202C': 'POP DIRECTIONAL FORMATTING',
  '\u202D': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202E': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
  '\u200B': 'ZERO WIDTH SPACE',
  '\u2060': 'WORD JOINER',
  '\uFEFF': 'ZERO WIDTH NO-BREAK SPACE',
  '\u180E': 'MONGOLIAN VOWEL SEPARATOR',
  '\u200C': 'ZERO WIDTH NON-JOINER',
  '\u200D': 'ZERO WIDTH JOINER',
};

/** In link text, joiners are left alone: emoji sequences and Persian or Indic words need them. */
const IN_CODE = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u200B\u2060\uFEFF\u180E\u200C\u200D]/;
const IN_LINKS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u200B\u2060\uFEFF\u180E]/;

/** A marker for one invisible character: U+XXXX, and its name in the title. */
export function markerOf(ch: string): string {
  return `<U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`;
}

export interface InvisibleFound {
  line: number | undefined;
  where: 'code' | 'link text';
  chars: string[];
}

export function rehypeShowInvisible(onFound: (found: InvisibleFound) => void) {
  return (tree: Root): undefined => {
    visit(tree, null, onFound, false);
  };
}

function visit(parent: Root | Element, where: InvisibleFound['where'] | null, onFound: (found: InvisibleFound) => void, inPre: boolean): void {
  const out: (ElementContent | Root['children'][number])[] = [];
  let changed = false;
  for (const child of parent.children) {
    if (child.type === 'element') {
      const inner = child.tagName === 'code' || child.tagName === 'pre' ? 'code' : child.tagName === 'a' ? (where ?? 'link text') : where;
      visit(child, inner, onFound, inPre || child.tagName === 'pre');
      out.push(child);
      continue;
    }
    const re = where === 'code' ? IN_CODE : where === 'link text' ? IN_LINKS : null;
    if (child.type !== 'text' || re === null || !re.test(child.value)) {
      out.push(child);
      continue;
    }
    changed = true;
    const chars = new Set<string>();
    let text = '';
    for (const ch of child.value) {
      if (!re.test(ch)) {
        text += ch;
        continue;
      }
      chars.add(ch);
      if (text !== '') out.push({ type: 'text', value: text });
      text = '';
      out.push({ type: 'element', tagName: 'span', properties: { className: ['lw-invisible'], title: NAMES[ch] ?? 'invisible character' }, children: [{ type: 'text', value: markerOf(ch) }] });
    }
    if (text !== '') out.push({ type: 'text', value: text });
    onFound({ line: lineOf(child.value, child.position?.start.line, parent, re, inPre), where: where!, chars: [...chars] });
  }
  if (changed) parent.children = out as typeof parent.children;
}

/**
 * Line of the first such character: the text's own position when it has one; else (a code block's
 * text has none) the block's first line, plus one for an opening fence, plus the newlines before it.
 */
function lineOf(value: string, own: number | undefined, parent: Root | Element, re: RegExp, inPre: boolean): number | undefined {
  const before = value.slice(0, value.search(re)).split('\n').length - 1;
  if (own !== undefined) return own + before;
  const position = parent.position;
  if (position === undefined) return undefined;
  // A fenced block's text starts after its opening fence; an indented block's on its first line.
  const blockLines = position.end.line - position.start.line + 1;
  const fenced = inPre && blockLines > value.replace(/\n$/, '').split('\n').length;
  return position.start.line + (fenced ? 1 : 0) + before;
}

/** `U+202E RIGHT-TO-LEFT OVERRIDE` for a message. */
export function describeChar(ch: string): string {
  return `${markerOf(ch).slice(1, -1)} ${NAMES[ch] ?? ''}`.trim();
}
