// Markdown section history (issue 14 item 1): two versions of a document, each with the Markdown
// extractor's section boundaries (`MarkdownDoc.sections`: anchor, heading line to the end of its
// last node, subsections included, as section provenance uses them) → per section its text before
// and after and a rendered word diff. Sections are matched by anchor; a heading whose anchor
// changed while its body stayed mostly the same (same depth, at least 60% of words kept) is a
// rename. Text is redacted before diffing: a secret split between <del> and <ins> would otherwise
// slip past the output gate, which reads text nodes one by one.

import type { MarkdownSection } from '../extract/markdown/types.ts';
import { redactContent } from '../secrets/index.ts';
import { myers, renderDiff } from './text-diff.ts';
import type { SectionDiff } from './types.ts';

export interface MarkdownVersion {
  text: string;
  sections: MarkdownSection[];
}

export interface MarkdownDiffOptions {
  /** Bound on each of before/after (characters) and on the rendered diff (default 20,000). */
  maxChars?: number;
}

const RENAME_SIMILARITY = 0.6;

function sectionText(text: string[], s: MarkdownSection): string {
  return text.slice(s.lines[0] - 1, s.lines[1]).join('\n');
}

function bounded(text: string, max: number): { text: string; cut: boolean } {
  return text.length > max ? { text: `${text.slice(0, max)}…`, cut: true } : { text, cut: false };
}

function tokens(text: string): string[] {
  return text.split(/\s+/).filter((t) => t !== '');
}

/** Share of words kept between two bodies (0..1), from their diff. */
function similarity(a: string, b: string): number {
  const ta = tokens(a);
  const tb = tokens(b);
  if (ta.length === 0 && tb.length === 0) return 1;
  const ops = myers(ta, tb, 2_000);
  if (!ops) return 0;
  const kept = ops.filter((o) => o.kind === 'eq').reduce((n, o) => n + o.items.length, 0);
  return (2 * kept) / (ta.length + tb.length);
}

function body(text: string): string {
  return text.slice(text.indexOf('\n') + 1);
}

/** Per changed section: before/after text and the rendered diff, in the new document's order (removed sections last). */
export function diffMarkdown(before: MarkdownVersion, after: MarkdownVersion, options: MarkdownDiffOptions = {}): SectionDiff[] {
  const max = options.maxChars ?? 20_000;
  const oldLines = before.text.split(/\r?\n/);
  const newLines = after.text.split(/\r?\n/);
  const old = new Map(before.sections.map((s) => [s.anchor, { s, text: redactContent(sectionText(oldLines, s)).text }]));
  const now = new Map(after.sections.map((s) => [s.anchor, { s, text: redactContent(sectionText(newLines, s)).text }]));
  // Renames: an anchor gone and one new, same depth, body mostly kept; best match first.
  const gone = [...old.keys()].filter((a) => !now.has(a));
  const fresh = [...now.keys()].filter((a) => !old.has(a));
  const candidates: { from: string; to: string; score: number }[] = [];
  for (const from of gone) {
    for (const to of fresh) {
      const o = old.get(from)!;
      const n = now.get(to)!;
      if (o.s.depth !== n.s.depth) continue;
      const score = similarity(body(o.text), body(n.text));
      if (score >= RENAME_SIMILARITY) candidates.push({ from, to, score });
    }
  }
  candidates.sort((a, b) => b.score - a.score || (a.from < b.from ? -1 : 1));
  const renamedFrom = new Map<string, string>();
  const usedOld = new Set<string>();
  for (const c of candidates) {
    if (usedOld.has(c.from) || renamedFrom.has(c.to)) continue;
    usedOld.add(c.from);
    renamedFrom.set(c.to, c.from);
  }
  const out: SectionDiff[] = [];
  const make = (key: string, change: SectionDiff['change'], a: string, b: string, summary: (added: number, removed: number) => string, fromKey?: string): SectionDiff => {
    const x = bounded(a, max);
    const y = bounded(b, max);
    const d = renderDiff(x.text, y.text, { maxChars: max });
    return { key, change, breaking: null, from: null, to: null, summary: summary(d.added, d.removed), before: x.text, after: y.text, diffHtml: d.html, truncated: x.cut || y.cut || d.truncated, ...(fromKey !== undefined ? { fromKey } : {}) };
  };
  const words = (added: number, removed: number) => [added > 0 ? `+${added}` : '', removed > 0 ? `−${removed}` : ''].filter((s) => s !== '').join(' ') + ' words';
  for (const [anchor, n] of now) {
    const fromAnchor = renamedFrom.get(anchor);
    if (fromAnchor !== undefined) {
      const o = old.get(fromAnchor)!;
      out.push(make(anchor, 'renamed', o.text, n.text, (add, rem) => `heading renamed from “${o.s.title}” to “${n.s.title}”${add + rem > 0 ? ` (${words(add, rem)})` : ''}`, fromAnchor));
      continue;
    }
    const o = old.get(anchor);
    if (!o) {
      out.push(make(anchor, 'added', '', n.text, () => `section “${n.s.title}” added`));
      continue;
    }
    if (o.text === n.text) continue;
    out.push(make(anchor, 'changed', o.text, n.text, (add, rem) => (add + rem > 0 ? `section edited (${words(add, rem)})` : 'section edited (whitespace)')));
  }
  for (const [anchor, o] of old) {
    if (now.has(anchor) || usedOld.has(anchor)) continue;
    out.push(make(anchor, 'removed', o.text, '', () => `section “${o.s.title}” removed`));
  }
  return out;
}
