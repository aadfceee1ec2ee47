import { describe, expect, it } from 'vitest';
import { allHtml, codes, extract, extractDoc } from './markdown-helpers.ts';

/** No executable markup, handler, dangerous URL or external fetch may survive. */
function expectInert(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<(iframe|svg|math|form|object|embed|style|link|meta|base)\b/i);
  for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) {
    expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
    expect(tag).not.toMatch(/\s(style|srcdoc|action|formaction|xlink:href)\s*=/i);
    expect(tag).not.toMatch(/(href|src)\s*=\s*"\s*(javascript|vbscript|data)/i);
  }
}

describe('Markdown sanitization (XSS)', () => {
  const rawVectors = [
    '<script>alert(1)</script>',
    '<img src="img/logo.png" onerror="alert(1)">',
    '<img src=x onerror=alert(1)//>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<form action="https://evil.example"><button formaction="javascript:alert(1)">go</button></form>',
    '<math><mi xlink:href="data:text/html,<script>alert(1)</script>">x</mi></math>',
    '<p style="background:url(https://evil.example/x)">styled</p>',
    '<a href="javascript:alert(1)">a</a>',
    '<a href="JaVaScRiPt:alert(1)">b</a>',
    '<a href="jav&#x09;ascript:alert(1)">c</a>',
    '<a href="javascript&#58;alert(1)">d</a>',
    '<a href="data:text/html,<script>alert(1)</script>">e</a>',
    '<a href="vbscript:msgbox(1)">f</a>',
    '<details open ontoggle="alert(1)"><summary>s</summary></details>',
    '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
    '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<style>body{display:none}</style><link rel="stylesheet" href="https://evil.example/x.css">',
  ];

  it.each(rawVectors)('neutralizes raw HTML %s', (vector) => {
    const { doc } = extractDoc(`# T\n\n## Section\n\n${vector}\n\ntext ${vector}\n`);
    expectInert(allHtml(doc));
  });

  const markdownLinks = [
    '[a](javascript:alert(1))',
    '[b](JaVaScRiPt:alert(1))',
    '[c](jav&#x09;ascript:alert(1))',
    '[d](javascript&#58;alert(1))',
    '[e](data:text/html,%3Cscript%3Ealert(1)%3C/script%3E)',
    '[f](vbscript:msgbox(1))',
    '[g][ref]\n\n[ref]: javascript:alert(1)',
    '<javascript:alert(1)>',
    '![h](javascript:alert(1))',
  ];

  it.each(markdownLinks)('drops the dangerous URL of %s', (md) => {
    const { doc } = extractDoc(`${md}\n`);
    const html = allHtml(doc);
    expectInert(html);
    expect(html).not.toMatch(/href="[^"#]*script/i);
  });

  it('prefixes author ids and names against DOM clobbering', () => {
    const { doc } = extractDoc('<h2 id="__proto__">p</h2>\n\n<img name="location" src="img/logo.png"> <a id="config" name="cookie">x</a>\n');
    const html = allHtml(doc);
    expect(html).toContain('id="user-content-__proto__"');
    expect(html).toContain('name="user-content-location"');
    expect(html).toContain('id="user-content-config"');
    expect(html).toContain('name="user-content-cookie"');
    expect(html).not.toMatch(/(id|name)="(__proto__|location|config|cookie)"/);
  });

  it('escapes heading text into headingHtml', () => {
    const { doc } = extractDoc('# T\n\n## <img src=x onerror=alert(1)> &lt;b&gt; "q"\n');
    expectInert(doc.chunks[0]!.headingHtml);
    expect(doc.chunks[0]!.headingHtml).toContain('&#x3C;b>');
  });
});

describe('Markdown front matter', () => {
  it('reports invalid YAML with its file line and still extracts the document', () => {
    const { doc, diagnostics } = extractDoc('---\ntitle: ok\nbad: [unclosed\n---\n# Real title\n');
    expect(doc.title).toBe('Real title');
    expect({ ...doc.frontmatter }).toEqual({});
    expect(diagnostics.items).toEqual([
      expect.objectContaining({ code: 'E_FRONTMATTER', severity: 'error', file: 'docs/guide.md', line: expect.any(Number) }),
    ]);
    const line = diagnostics.items[0]!.line!;
    expect(line).toBeGreaterThanOrEqual(3);
    expect(line).toBeLessThanOrEqual(4);
  });

  it('reports duplicate keys at the second one', () => {
    const { diagnostics } = extractDoc('---\npassword: a\nother: 1\npassword: b\n---\ntext\n');
    expect(diagnostics.items.map((d) => [d.code, d.line])).toEqual([['E_FRONTMATTER', 4]]);
  });

  it('rejects a billion-laughs alias bomb quickly', () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
      'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
      'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
    ].join('\n');
    const started = performance.now();
    const { doc, diagnostics } = extractDoc(`---\n${bomb}\n---\n# T\n`);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(codes(diagnostics)).toEqual(['E_FRONTMATTER']);
    expect(Object.keys(doc.frontmatter)).toEqual([]);
  });

  it('reports deeply nested YAML instead of crashing', () => {
    const { diagnostics } = extractDoc(`---\nx: ${'['.repeat(5000)}${']'.repeat(5000)}\n---\ntext\n`);
    expect(codes(diagnostics)).toEqual(['E_FRONTMATTER']);
  });

  it('cannot pollute prototypes, and yields null-prototype objects', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const { doc } = extractDoc(
      '---\n__proto__:\n  polluted: yes\nconstructor:\n  prototype:\n    polluted2: yes\nnested:\n  __proto__: {polluted3: yes}\n"<<": {polluted4: yes}\n---\ntext\n',
    );
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted3).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted4).toBeUndefined();
    expect(Object.getPrototypeOf(doc.frontmatter)).toBeNull();
    expect(Object.getPrototypeOf(doc.frontmatter.nested)).toBeNull();
    expect(Object.keys(doc.frontmatter)).toEqual(['__proto__', 'constructor', 'nested', '<<']);
    expect((doc.frontmatter['__proto__'] as Record<string, unknown>).polluted).toBe('yes');
  });

  it('ignores non-mapping front matter with a warning', () => {
    const { doc, diagnostics } = extractDoc('---\n- a\n- b\n---\n# Title\n');
    expect(doc.title).toBe('Title');
    expect(diagnostics.items.map((d) => [d.code, d.severity, d.line])).toEqual([['W_FRONTMATTER_NOT_OBJECT', 'warning', 2]]);
  });

  it('accepts empty front matter silently', () => {
    const { doc, diagnostics } = extract('---\n---\n# T\n');
    expect(doc?.title).toBe('T');
    expect(diagnostics.items).toEqual([]);
  });
});
