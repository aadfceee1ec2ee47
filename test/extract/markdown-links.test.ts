import { describe, expect, it } from 'vitest';
import { codes, extractDoc } from './markdown-helpers.ts';

function body(text: string) {
  const { doc, diagnostics } = extractDoc(text);
  return { html: doc.chunks.map((c) => c.bodyHtml).join('\n'), diagnostics };
}

describe('Markdown link rewriting', () => {
  it('resolves relative links to other docs against the document directory', () => {
    const { html, diagnostics } = body(
      '[o](./other.md) [s](../guide/setup.md#install) [r](/README.md) [d](docs/other.md) [sp](a%20b.md) [an](<./a b.md>)\n',
    );
    expect(html).toBe(
      '<p><a href="/r/docs/other/">o</a> <a href="/r/guide/setup/#install">s</a> <a href="/r/README/">r</a> d <a href="/r/docs/a b/">sp</a> <a href="/r/docs/a b/">an</a></p>',
    );
    // `docs/other.md` from docs/guide.md means docs/docs/other.md, which does not exist.
    expect(diagnostics.items).toEqual([
      expect.objectContaining({ code: 'W_MD_LINK_UNRESOLVED', file: 'docs/guide.md', line: 1, severity: 'warning' }),
    ]);
  });

  it('sends links to other tracked files to the forge and drops untracked ones with a located warning', () => {
    const { html, diagnostics } = body('Code: [idx](../src/index.ts)\n\nGone: [x](./missing.ts)\n');
    expect(html).toBe(
      '<p>Code: <a href="https://forge.example/r/blob/main/src/index.ts">idx</a></p>\n<p>Gone: x</p>',
    );
    expect(diagnostics.items.map((d) => [d.code, d.line])).toEqual([['W_MD_LINK_UNRESOLVED', 3]]);
  });

  it('drops links escaping the repository root', () => {
    const { html, diagnostics } = body('[p](../../../etc/passwd) <a href="../../../../etc/shadow">raw</a>\n');
    expect(html).toBe('<p>p raw</p>');
    expect(codes(diagnostics)).toEqual(['W_MD_LINK_UNRESOLVED', 'W_MD_LINK_UNRESOLVED']);
    expect(diagnostics.items[0]!.message).toContain('outside the repository');
  });

  it('keeps fragment-only links and http(s)/mailto URLs, resolves reference links and autolinks', () => {
    const { html, diagnostics } = body(
      '[top](#usage) [ext](https://example.com/a?b=1) <mailto:a@example.com> <https://x.example> www.gfm.example [ref][1]\n\n[1]: ./other.md#ref\n',
    );
    expect(html).toBe(
      '<p><a href="#usage">top</a> <a href="https://example.com/a?b=1">ext</a> <a href="mailto:a@example.com">mailto:a@example.com</a> <a href="https://x.example">https://x.example</a> <a href="http://www.gfm.example">www.gfm.example</a> <a href="/r/docs/other/#ref">ref</a></p>',
    );
    expect(diagnostics.items).toEqual([]);
  });

  it('rewrites raw HTML links like Markdown links', () => {
    const { html } = body('<a href="./other.md#x">o</a>\n');
    expect(html).toBe('<p><a href="/r/docs/other/#x">o</a></p>');
  });

  it('points relative images at published assets and drops unknown ones', () => {
    const { html, diagnostics } = body('![logo](img/logo.png) <img src="./img/logo.png" alt="raw"> ![gone](img/none.png)\n');
    expect(html).toBe(
      '<p><img src="/_assets/r/docs/img/logo.png" alt="logo"> <img src="/_assets/r/docs/img/logo.png" alt="raw"> gone</p>',
    );
    expect(codes(diagnostics)).toEqual(['W_MD_LINK_UNRESOLVED']);
  });

  it('replaces external images by a link with their alt text, so the site fetches nothing from other hosts', () => {
    const { html, diagnostics } = body(
      '![badge](https://img.example/b.svg) <img src="//cdn.example/x.png"> <picture><source srcset="https://cdn.example/y.png"><img src="img/logo.png" alt="p"></picture> ![d](data:image/png;base64,AAAA)\n',
    );
    expect(html).not.toMatch(/<img[^>]*src="(https?:)?\/\//);
    expect(html).not.toContain('srcset');
    expect(html).toContain('<a href="https://img.example/b.svg">badge</a>');
    expect(html).toContain('<a href="//cdn.example/x.png">//cdn.example/x.png</a>');
    expect(html).not.toContain('data:');
    expect(codes(diagnostics)).toEqual(['I_MD_EXTERNAL_IMAGE', 'I_MD_EXTERNAL_IMAGE']);
  });

  it('passes the fragment to the doc resolver as written', () => {
    const seen: [string, string | null][] = [];
    extractDoc('[a](other.md#Caf%C3%A9) [b](other.md)\n', {
      links: {
        doc: (path, fragment) => (seen.push([path, fragment]), '/x/'),
        asset: () => null,
        file: () => null,
      },
    });
    expect(seen).toEqual([
      ['docs/other.md', 'Caf%C3%A9'],
      ['docs/other.md', null],
    ]);
  });
});
