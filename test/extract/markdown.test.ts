import { describe, expect, it } from 'vitest';
import { extractDoc } from './markdown-helpers.ts';

describe('Markdown title and description', () => {
  it('uses the front matter title and description when present', () => {
    const { doc } = extractDoc('---\ntitle: From YAML\ndescription: Short text\n---\n# Heading One\n\nFirst para.\n');
    expect(doc.title).toBe('From YAML');
    expect(doc.description).toBe('Short text');
    // The h1 is not the title, so it stays a section.
    expect(doc.sections.map((s) => s.anchor)).toEqual(['heading-one']);
  });

  it('takes the first depth-1 heading as title and drops it from sections and chunk headings', () => {
    const { doc } = extractDoc('# The Title\n\nIntro text here.\n\n## Usage\n\nUse it.\n');
    expect(doc.title).toBe('The Title');
    expect(doc.description).toBe('Intro text here.');
    expect(doc.sections).toEqual([{ anchor: 'usage', title: 'Usage', depth: 2, lines: [5, 7] }]);
    expect(doc.chunks).toEqual([
      { section: null, headingHtml: '', depth: 0, bodyHtml: '<p>Intro text here.</p>' },
      { section: 'usage', headingHtml: 'Usage', depth: 2, bodyHtml: '<p>Use it.</p>' },
    ]);
  });

  it('falls back to the file name, and keeps later h1s as sections', () => {
    const { doc } = extractDoc('## Intro\n\nx\n\n# Later\n', { path: 'docs/Getting-Started.md' });
    expect(doc.title).toBe('Later');
    expect(doc.sections.map((s) => [s.anchor, s.depth])).toEqual([['intro', 2], ['later', 1]]);
    expect(extractDoc('Just text.\n', { path: 'docs/Getting-Started.md' }).doc.title).toBe('Getting-Started');
  });

  it('shortens a long first paragraph to at most 300 characters at a word boundary', () => {
    const long = `${'word '.repeat(100)}end`;
    const { doc } = extractDoc(`# T\n\n${long}\n`);
    expect([...doc.description].length).toBeLessThanOrEqual(300);
    expect(doc.description.endsWith('word…')).toBe(true);
  });

  it('describes with plain text: no markup, link text kept, raw HTML tags dropped', () => {
    const { doc } = extractDoc('Use **bold** and [a link](https://example.com) and <kbd>Ctrl</kbd> `code`.\n');
    expect(doc.description).toBe('Use bold and a link and Ctrl code.');
  });
});

describe('Markdown sections', () => {
  const text = [
    '---', // 1
    'title: Guide', // 2
    '---', // 3
    '# Guide', // 4
    '', // 5
    'Intro.', // 6
    '', // 7
    '## Install', // 8
    '', // 9
    '```sh', // 10
    '# not a heading', // 11
    '```', // 12
    '', // 13
    '### From source', // 14
    '', // 15
    'Build it.', // 16
    '', // 17
    '', // 18
    'Configure', // 19
    '---------', // 20
    '', // 21
    '- a', // 22
    '- b', // 23
    '', // 24
    '', // 25
  ].join('\n');

  it('gives each heading its line range in the original file, subsections included, trailing blanks excluded', () => {
    const { doc } = extractDoc(text);
    expect(doc.sections).toEqual([
      { anchor: 'guide', title: 'Guide', depth: 1, lines: [4, 23] },
      { anchor: 'install', title: 'Install', depth: 2, lines: [8, 16] },
      { anchor: 'from-source', title: 'From source', depth: 3, lines: [14, 16] },
      { anchor: 'configure', title: 'Configure', depth: 2, lines: [19, 23] },
    ]);
  });

  it('splits the body into one chunk per heading of any depth', () => {
    const { doc } = extractDoc(text);
    expect(doc.chunks.map((c) => [c.section, c.depth])).toEqual([
      ['guide', 1],
      ['install', 2],
      ['from-source', 3],
      ['configure', 2],
    ]);
    expect(doc.chunks[1]!.bodyHtml).toBe('<pre><code class="language-sh"># not a heading\n</code></pre>');
    expect(doc.chunks[3]!.bodyHtml).toBe('<ul>\n<li>a</li>\n<li>b</li>\n</ul>');
  });

  it('keeps line numbers right with a BOM and CRLF line endings', () => {
    const { doc } = extractDoc(`\uFEFF${text.replace(/\n/g, '\r\n')}`);
    expect(doc.title).toBe('Guide');
    expect(doc.sections.map((s) => s.lines)).toEqual([[4, 23], [8, 16], [14, 16], [19, 23]]);
  });

  it('sets a section that ends with its heading to the heading lines (setext spans two)', () => {
    const { doc } = extractDoc('# T\n\nA\n=\n');
    expect(doc.sections).toEqual([{ anchor: 'a', title: 'A', depth: 1, lines: [3, 4] }]);
  });

  it('renders heading markup sanitized, without the wrapper element', () => {
    const { doc } = extractDoc('# T\n\n## Use `npm` and <em onclick="x()">care</em>\n');
    expect(doc.chunks[0]!.headingHtml).toBe('Use <code>npm</code> and <em>care</em>');
  });

  it('does not split at headings nested in quotes or lists, but gives them their anchor as id', () => {
    const { doc } = extractDoc('# T\n\n## Notes\n\n> ## Notes\n> quoted\n');
    expect(doc.sections.map((s) => s.anchor)).toEqual(['notes']);
    expect(doc.chunks[0]!.bodyHtml).toContain('<h2 id="notes-1">Notes</h2>');
  });

  it('keeps an unclosed raw HTML element from swallowing the next section', () => {
    const { doc } = extractDoc('## A\n\n<div>\n\nopen\n\n## B\n\nafter\n');
    expect(doc.chunks.map((c) => c.section)).toEqual(['a', 'b']);
    expect(doc.chunks[1]!.bodyHtml).toBe('<p>after</p>');
  });

  it('treats MDX syntax as plain text', () => {
    const { doc } = extractDoc('import X from "./x"\n\n<X prop={process.env.SECRET} />\n\n{process.env.TOKEN}\n');
    const html = doc.chunks.map((c) => c.bodyHtml).join('');
    expect(html).toContain('{process.env.TOKEN}');
    expect(html).toContain('import X from "./x"');
    expect(html).not.toContain('<x');
  });

  it('keeps the language of code blocks as a class and escapes their content', () => {
    const { doc } = extractDoc('```ts\nconst a = "<script>";\n```\n');
    expect(doc.chunks[0]!.bodyHtml).toBe('<pre><code class="language-ts">const a = "&#x3C;script>";\n</code></pre>');
  });

  it('makes footnote references point at their (prefixed) notes', () => {
    const { doc } = extractDoc('Text[^1].\n\n[^1]: The note.\n');
    const html = doc.chunks[0]!.bodyHtml;
    expect(html).toContain('href="#user-content-fn-1"');
    expect(html).toContain('id="user-content-fn-1"');
    expect(html).toContain('href="#user-content-fnref-1"');
    expect(html).toContain('id="user-content-fnref-1"');
  });
});

describe('Markdown heading anchors', () => {
  it('slugs like GitHub: punctuation, emoji, non-ASCII, code, duplicates', () => {
    const headings = [
      'Hello, World!',
      '🚀 Installation',
      'Über uns',
      'C++ & C#',
      'foo_bar',
      '`code` in heading',
      "What's new?",
      '日本語',
      'Émoji 😄 party',
      'Usage',
      'Usage',
      'Usage',
      'Usage-1',
    ];
    const { doc } = extractDoc(`# Title\n\n${headings.map((h) => `## ${h}\n`).join('\n')}`);
    expect(doc.sections.map((s) => s.anchor)).toEqual([
      'hello-world',
      '-installation',
      'über-uns',
      'c--c',
      'foo_bar',
      'code-in-heading',
      'whats-new',
      '日本語',
      'émoji--party',
      'usage',
      'usage-1',
      'usage-2',
      'usage-1-1',
    ]);
  });

  it('counts the title heading for de-duplication, as GitHub does', () => {
    const { doc } = extractDoc('# Guide\n\n## Guide\n');
    expect(doc.sections.map((s) => s.anchor)).toEqual(['guide-1']);
  });

  it('strips bidi and zero-width controls from anchors', () => {
    const { doc } = extractDoc('# T\n\n## ad\u200bmin\u202e\n\n## ad\u2066min\n');
    expect(doc.sections.map((s) => s.anchor)).toEqual(['admin', 'admin-1']);
  });

  it('names headings that slug to nothing "section"', () => {
    const { doc } = extractDoc('# T\n\n## 🎉\n\n## ???\n');
    expect(doc.sections.map((s) => s.anchor)).toEqual(['section', 'section-1']);
  });
});
