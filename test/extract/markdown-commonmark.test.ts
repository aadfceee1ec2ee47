import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { LinkResolver } from '../../src/extract/markdown/types.ts';
import { allHtml, extractDoc } from './markdown-helpers.ts';

interface SpecExample {
  markdown: string;
  html: string;
  section: string;
  number: number;
}

const spec = createRequire(import.meta.url)('commonmark-spec') as { tests: SpecExample[] };
// The spec writes tabs as `→`.
const examples = spec.tests.map((e) => ({ ...e, markdown: e.markdown.replace(/→/g, '\t'), html: e.html.replace(/→/g, '\t') }));

// Every relative URL "resolves" to itself, so link rewriting does not hide parser differences.
const identity: LinkResolver = { doc: () => null, asset: (p) => `/${p}`, file: (p) => `/${p}` };

/** Measured: the rest differ by sanitized raw HTML, rewritten relative links and URL encoding. */
const EXPECTED_EXACT = 537;

function normalize(html: string): string {
  return html
    .replace(/\s+/g, ' ')
    .replace(/\s*(<\/?(p|ul|ol|li|blockquote|pre|h[1-6]|hr|table|thead|tbody|tr|th|td|div)\b[^>]*>)\s*/g, '$1')
    .replace(/\s*\/>/g, '>')
    .replace(/&#x3C;/g, '&lt;')
    .replace(/&#x26;/g, '&amp;')
    .replace(/&quot;/g, '"')
    .replace(/&gt;/g, '>')
    .trim();
}

describe('CommonMark 0.31.2 spec examples', () => {
  it('has the 652 examples of the spec', () => {
    expect(examples).toHaveLength(652);
  });

  it('converts every example without throwing into inert HTML, and matches most exactly', () => {
    let exact = 0;
    for (const example of examples) {
      // Front matter makes sure a leading h1 is rendered, not taken as the page title.
      const { doc } = extractDoc(`---\ntitle: Spec\n---\n${example.markdown}`, { links: identity });
      const html = allHtml(doc);
      expect(html, `example ${example.number}`).not.toMatch(/<script/i);
      for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) {
        expect(tag, `example ${example.number}`).not.toMatch(/\son[a-z]+\s*=/i);
        expect(tag, `example ${example.number}`).not.toMatch(/(href|src)\s*=\s*"\s*javascript:/i);
      }
      if (normalize(html) === normalize(example.html)) exact++;
    }
    // Measured figure (see report); a drop means the dialect or the sanitizer changed.
    console.info(`CommonMark examples matching the spec HTML after normalizing: ${exact}/${examples.length}`);
    expect(exact).toBeGreaterThanOrEqual(EXPECTED_EXACT);
  });
});
