// A cached Markdown entry is re-checked on read (audit D1): its HTML must be something the
// sanitizer could have produced, its fields what the extractor writes. Sound (every real
// extraction passes: the 652 CommonMark examples, GFM, the XSS vectors the sanitizer neutralizes)
// and strict (the audit's forged body and its variants are refused and rebuilt).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CacheStore } from '../../src/cache/index.ts';
import { cachedExtractMarkdown, MARKDOWN_KIND } from '../../src/extract/markdown/cached.ts';
import { extractMarkdown } from '../../src/extract/markdown/index.ts';
import { cachedDocProblem, sanitizedHtmlProblem } from '../../src/extract/markdown/recheck.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import { sha256 } from '../../src/utils/digest.ts';
import { extract, resolverFor } from '../extract/markdown-helpers.ts';
import { tempDir } from '../helpers/temp.ts';

const spec = createRequire(import.meta.url)('commonmark-spec') as { tests: { markdown: string }[] };

const GFM = `# Guide

Intro with a [link](other.md#part), an ![image](img/logo.png "Logo"), <https://example.com> and www.example.com.

> ## Quoted heading
>
> - [x] done
> - [ ] todo

| a | b |
|:--|--:|
| ~~old~~ | **new** |

Text with a footnote[^1] and <kbd>Ctrl</kbd>, <sub>2</sub>, <sup>3</sup>, <ins>ins</ins>, <abbr title="x">x</abbr>.

<details open><summary>More</summary>

Hidden *text*, <a name="here"></a>[back](#here).

</details>

<div align="center"><img src="img/logo.png" alt="logo" width="20"></div>

\`\`\`ts
const x = 1 < 2 && "a";
\`\`\`

1. one
2. two

[^1]: The note.
`;

describe('the re-check of cached Markdown HTML', () => {
  it('passes everything the extractor produces', () => {
    const texts = [...spec.tests.map((t) => t.markdown.replace(/→/g, '\t')), GFM];
    const vectors = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)//>', '<a href="jav&#x09;ascript:alert(1)">c</a>', '<svg onload="alert(1)"></svg>', '<p style="x:y" id="clobber" name="n">p</p>', '<iframe srcdoc="x"></iframe>'];
    texts.push(...vectors.map((v) => `# T\n\n## S\n\n${v}\n\ntext ${v}\n`));
    const refused: string[] = [];
    for (const text of texts) {
      const { doc } = extract(text);
      const problem = cachedDocProblem(doc);
      if (problem) refused.push(`${JSON.stringify(text.slice(0, 60))}: ${problem}`);
    }
    expect(refused).toEqual([]);
    expect(texts.length).toBeGreaterThan(650);
  });

  it.each([
    ['the audit’s forged body', '<p>Harmless intro.</p><img src=x onerror=alert(document.domain)>', /attribute onerror on <img>|markup/],
    ['a handler on an allowed tag', '<img src="x" onerror="alert(1)">', /attribute onerror on <img>/],
    ['a script link', '<a href="javascript:alert(1)">x</a>', /scheme/],
    ['an encoded script link', '<a href="jav&#x61;script:alert(1)">x</a>', /scheme/],
    ['a script element', '<script>alert(1)</script>', /<script>/],
    ['an iframe', '<iframe src="https://evil.example"></iframe>', /<iframe>/],
    ['an inline style', '<p style="background:url(x)">x</p>', /attribute style/],
    ['an id without its prefix (DOM clobbering)', '<p id="config">x</p>', /prefix/],
    ['a comment', '<!-- x --><p>x</p>', /markup/],
    ['an unquoted attribute', '<a href=https://example.com>x</a>', /markup/],
    ['a class the sanitizer never allows', '<code class="language-js evil">x</code>', /value of class/],
  ])('refuses %s', (_name, html, why) => {
    expect(sanitizedHtmlProblem(html)).toMatch(why);
  });

  it('rebuilds a forged entry in a trusted cache: reported, and the output is the extractor’s own', () => {
    const dir = join(tempDir(), 'cache');
    const text = '# Guide\n\nHarmless intro.\n';
    const input = (diagnostics: Diagnostics) => ({ repo: 'r', path: 'docs/guide.md', text, links: resolverFor(), diagnostics });
    const honest = extractMarkdown(input(new Diagnostics()));
    const first = new CacheStore(dir, 'salt');
    cachedExtractMarkdown(first, extractMarkdown)(input(new Diagnostics()));
    // Forged with a valid checksum, as someone able to write the folder could.
    const parts = ['r', 'docs/guide.md', sha256(text)];
    const stored = first.get<{ doc: { chunks: { bodyHtml: string }[] } }>(MARKDOWN_KIND, parts)!;
    stored.doc.chunks[0]!.bodyHtml = '<p>Harmless intro.</p><img src=x onerror=alert(document.domain)>';
    first.put(MARKDOWN_KIND, parts, stored);

    const diagnostics = new Diagnostics();
    const store = new CacheStore(dir, 'salt', diagnostics);
    const doc = cachedExtractMarkdown(store, extractMarkdown)(input(new Diagnostics()));
    expect(doc).toEqual(honest);
    expect(store.stats().byKind.markdown).toMatchObject({ hits: 0, rebuilt: 1 });
    expect(diagnostics.items.find((d) => d.code === 'I_CACHE_REBUILT')?.message).toMatch(/not what this extractor writes \(its HTML holds /);
  });
});

