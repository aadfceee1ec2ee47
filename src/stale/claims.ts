// What a Markdown document says it covers (issue 15.1), read from its text: the front matter's
// `covers:` and `verified:`, and per section (by the section's line range) the links into the
// repository, the inline code spans, and `<!-- covers: ... -->` comments. Claims are raw strings
// here; targets.ts decides what each one names in the repository. Never throws.

import type { Root, RootContent } from 'mdast';
import { parseMdast } from '../extract/markdown/parser.ts';
import { parseFrontmatter } from '../extract/markdown/frontmatter.ts';

/** A claim with the line it was written on (for `W_STALE_SECTION` at file:line). */
export interface Claim {
  text: string;
  line: number;
  /** `declared` (covers:, a covers comment), `link` (a link's target), `code` (an inline code span). */
  how: 'declared' | 'link' | 'code';
}

export interface DocClaims {
  /** Front matter `covers:` (page-level claims). */
  page: Claim[];
  /** Front matter `verified:` as given (a date or date-time), or null. */
  verified: string | null;
  /** Line of `verified:` or `covers:` in the front matter, for diagnostics. */
  frontmatterLine: number;
  /** Claims inside each section's line range, by the section's start line. */
  byLine: { line: number; claim: Claim }[];
}

const MAX_CLAIMS = 500;
const COVERS_COMMENT = /<!--\s*covers\s*:\s*([\s\S]*?)-->/gi;

function strings(value: unknown): string[] {
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (Array.isArray(value)) return value.flatMap((v) => (typeof v === 'string' || typeof v === 'number' ? [String(v).trim()] : [])).filter((s) => s !== '');
  return [];
}

/** `verified:` as YAML gives it: a string, or a Date for unquoted timestamps. */
function verifiedValue(value: unknown): string | null {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim())) return value.trim();
  return null;
}

function lineOfKey(source: string, firstLine: number, key: string): number {
  const i = source.split('\n').findIndex((l) => new RegExp(`^${key}\\s*:`).test(l));
  return i < 0 ? firstLine : firstLine + i;
}

export function docClaims(text: string): DocClaims {
  const out: DocClaims = { page: [], verified: null, frontmatterLine: 1, byLine: [] };
  let tree: Root;
  try {
    tree = parseMdast(text);
  } catch {
    return out;
  }
  const push = (claim: Claim): void => {
    if (out.byLine.length < MAX_CLAIMS) out.byLine.push({ line: claim.line, claim });
  };
  const stack: RootContent[] = [...tree.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    const line = node.position?.start.line ?? 1;
    if (node.type === 'yaml') {
      const fm = parseFrontmatter(node.value, line + 1);
      if (!fm.ok) continue;
      const coversLine = lineOfKey(node.value, line + 1, 'covers');
      out.page = strings(fm.data.covers).slice(0, MAX_CLAIMS).map((t) => ({ text: t, line: coversLine, how: 'declared' as const }));
      out.verified = verifiedValue(fm.data.verified);
      out.frontmatterLine = out.page.length > 0 ? coversLine : lineOfKey(node.value, line + 1, 'verified');
      continue;
    }
    if (node.type === 'link' || node.type === 'definition') push({ text: node.url, line, how: 'link' });
    else if (node.type === 'inlineCode') push({ text: node.value, line, how: 'code' });
    else if (node.type === 'html') {
      for (const m of node.value.matchAll(COVERS_COMMENT)) for (const t of strings(m[1])) push({ text: t, line, how: 'declared' });
    }
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as RootContent);
  }
  return out;
}

/** Shape check for a cached `DocClaims` (cache entries are checked on read). */
export function isDocClaims(v: unknown): v is DocClaims {
  if (typeof v !== 'object' || v === null) return false;
  const d = v as Record<string, unknown>;
  const isClaim = (c: unknown): boolean => {
    if (typeof c !== 'object' || c === null) return false;
    const x = c as Record<string, unknown>;
    return typeof x.text === 'string' && Number.isInteger(x.line) && (x.how === 'declared' || x.how === 'link' || x.how === 'code');
  };
  return (
    Array.isArray(d.page) &&
    d.page.every(isClaim) &&
    (d.verified === null || typeof d.verified === 'string') &&
    Number.isInteger(d.frontmatterLine) &&
    Array.isArray(d.byLine) &&
    d.byLine.every((b: unknown) => typeof b === 'object' && b !== null && Number.isInteger((b as { line?: unknown }).line) && isClaim((b as { claim?: unknown }).claim))
  );
}
