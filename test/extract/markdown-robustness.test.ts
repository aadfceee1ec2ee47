import { describe, expect, it } from 'vitest';
import { deepQuoteLine, findTooDeep, parseMdast } from '../../src/extract/markdown/parser.ts';
import { codes, extract, extractDoc } from './markdown-helpers.ts';

// Ported from commonmark/cmark test/pathological_tests.py (inputs generated here). micromark is
// quadratic or worse on several of them, so the parse runs in a worker with a budget of its CPU
// time (not wall-clock time, which would make the output depend on the machine's load).
const BUDGET_MS = 1500;
/** CPU time of the whole process (the parse worker, then the conversion on this thread). */
const LIMIT_MS = 4000;
/** The wall-clock cap of a starved worker (parse-sync.ts: 20 × the budget), plus the conversion. */
const WALL_LIMIT_MS = 20 * BUDGET_MS + LIMIT_MS;

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const pathological: [string, () => string][] = [
  ['nested strong emph', () => `${'*a **a '.repeat(65000)}b${' a** a*'.repeat(65000)}`],
  ['many emph openers with no closers', () => '_a '.repeat(65000)],
  ['many link openers with no closers', () => '[a'.repeat(65000)],
  ['nested brackets', () => `${'['.repeat(50000)}a${']'.repeat(50000)}`],
  ['nested block quotes (10k)', () => `${'> '.repeat(10000)}a`],
  ['deeply nested lists', () => Array.from({ length: 1000 }, (_, x) => `${'  '.repeat(x)}* a\n`).join('')],
  ['backticks', () => Array.from({ length: 3000 }, (_, x) => `e${'`'.repeat(x + 1)}`).join('')],
  ['unclosed links B', () => '[a](b'.repeat(50000)],
  // The rest of cmark's list (M8).
  ['many emph closers with no openers', () => 'a_ '.repeat(65000)],
  ['many link closers with no openers', () => 'a]'.repeat(65000)],
  ['mismatched openers and closers', () => '*a_ '.repeat(50000)],
  ['openers and closers multiple of 3', () => `a**b${'c* '.repeat(50000)}`],
  ['link openers and emph closers', () => '[ a_'.repeat(50000)],
  ['pattern [ (]( repeated', () => '[ (]('.repeat(80000)],
  ['pattern ![[]() repeated', () => '![[]()'.repeat(160000)],
  ['hard link/emph case', () => '**x [a*b**c*](d)'],
  ['unclosed links A', () => '[a](<b'.repeat(30000)],
  ['many reference definitions and uses', () => `${Array.from({ length: 50000 }, (_, i) => `[r${i}]: /u${i}\n`).join('')}\n${Array.from({ length: 50000 }, (_, i) => `[r${i}]`).join(' ')}\n`],
  ['U+0000 after the binary window', () => `${'a'.repeat(9000)}${'\u0000b'.repeat(100000)}`],
];

describe('Markdown robustness', () => {
  it.each(pathological)('finishes "%s" within the budget or reports it as too complex', { timeout: 120_000 }, (_name, make) => {
    const text = make();
    extractDoc('# Warm\n'); // a parser thread cut off by the previous case restarts outside the measure
    const [cpu, wall] = [cpuMs(), performance.now()];
    const { doc, diagnostics } = extractDoc(text, { budgetMs: BUDGET_MS });
    expect(cpuMs() - cpu).toBeLessThan(LIMIT_MS);
    expect(performance.now() - wall).toBeLessThan(WALL_LIMIT_MS);
    const problems = diagnostics.items.filter((d) => d.code === 'E_MD_TOO_COMPLEX');
    if (problems.length > 0) {
      expect(problems[0]).toMatchObject({ severity: 'error', repo: 'r', file: 'docs/guide.md' });
      // Degraded, not lost: the source is shown as escaped text.
      expect(doc.chunks).toHaveLength(1);
      expect(doc.chunks[0]!.bodyHtml.startsWith('<pre><code>')).toBe(true);
      expect(doc.chunks[0]!.bodyHtml).not.toMatch(/<(?!\/?(pre|code)>)/);
    } else {
      expect(doc.chunks.length).toBeGreaterThan(0);
    }
  });

  it('reports an over-deep document with the line where the nesting goes too deep', () => {
    const text = `ok\n\n${Array.from({ length: 300 }, (_, x) => `${'> '.repeat(x)}q`).join('\n')}\n`;
    const { doc, diagnostics } = extractDoc(text, { budgetMs: BUDGET_MS });
    expect(diagnostics.items).toEqual([expect.objectContaining({ code: 'E_MD_TOO_COMPLEX', line: expect.any(Number) })]);
    expect(diagnostics.items[0]!.line).toBeGreaterThan(2);
    expect(doc.title).toBe('guide');
  });

  it('refuses a block quote nested by its markers alone at once, where the parse would refuse it too', () => {
    for (const [n, sep] of [[129, ' '], [130, ''], [10000, ' ']] as const) {
      const text = `# Deep\n\n${`>${sep}`.repeat(n)}a\n`;
      // The oracle: the parse itself finds the tree too deep (when it finishes at all).
      if (n < 1000) expect(findTooDeep(parseMdast(text)), `${n}`).not.toBeNull();
      const [cpu, wall] = [cpuMs(), performance.now()];
      const { doc, diagnostics } = extractDoc(text, { budgetMs: BUDGET_MS });
      // Without a parse: far below the budget.
      expect(cpuMs() - cpu).toBeLessThan(BUDGET_MS / 3);
      expect(performance.now() - wall).toBeLessThan(BUDGET_MS);
      expect(diagnostics.items).toEqual([expect.objectContaining({ code: 'E_MD_TOO_COMPLEX', line: 3, message: expect.stringContaining('nested too deeply') })]);
      expect(doc.chunks[0]!.bodyHtml.startsWith('<pre><code>')).toBe(true);
    }
    // Where such a line can be literal text, only the parse decides: in a code fence it is code.
    const fenced = extractDoc(`# Code\n\n\`\`\`\n${'> '.repeat(200)}a\n\`\`\`\n`);
    expect(fenced.diagnostics.items).toEqual([]);
    expect(fenced.doc.title).toBe('Code');
    expect(fenced.doc.chunks.map((c) => c.bodyHtml).join('')).toContain('> > > a');
    for (const literal of [`\`\`\`\n${'>'.repeat(200)}\n\`\`\`\n`, `~~~\n${'>'.repeat(200)}\n~~~\n`, `<pre>\n${'>'.repeat(200)}\n</pre>\n`, `---\nx: >\n${'>'.repeat(200)}\n---\n`]) {
      expect(deepQuoteLine(literal)).toBeNull();
    }
    expect(deepQuoteLine(`ok\n   ${'>'.repeat(129)} a`)).toBe(2);
    expect(deepQuoteLine(`ok\n    ${'>'.repeat(129)} a`)).toBeNull();
    expect(deepQuoteLine(`${'> '.repeat(128)}a`)).toBeNull();
  });

  it('keeps working for the next document after a parse was cut off', () => {
    extractDoc(`${'*a **a '.repeat(65000)}b${' a** a*'.repeat(65000)}`, { budgetMs: 500 });
    const { doc, diagnostics } = extractDoc('# Fine\n\ntext\n');
    expect(doc.title).toBe('Fine');
    expect(diagnostics.items).toEqual([]);
  });

  it('skips binary files (NUL in the first 8000 characters) with a warning', () => {
    const { doc, diagnostics } = extract('abc\u0000de\u0000'.repeat(100000));
    expect(doc).toBeNull();
    expect(codes(diagnostics)).toEqual(['W_MD_BINARY']);
  });

  it('replaces a late U+0000 by U+FFFD instead of failing', () => {
    const { doc, diagnostics } = extractDoc(`${'word '.repeat(2000)}\n\nabc\u0000de\n`);
    expect(diagnostics.items).toEqual([]);
    expect(doc.chunks[0]!.bodyHtml).toContain('abc\uFFFDde');
  });

  it('handles raw HTML nested 20k deep without crashing', () => {
    const { doc } = extractDoc(`${'<div>'.repeat(20000)}x${'</div>'.repeat(20000)}\n`);
    expect(doc.chunks.length).toBe(1);
  });
});
