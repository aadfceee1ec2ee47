// Syntax highlighting at build time: code keeps its exact text (the decoded text of the output is
// the decoded text of the input), gains colour classes from our palette only, keeps the links of
// TypeScript signatures, and unknown languages stay plain.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeEntities } from '../../src/utils/entities.ts';
import { CODE_BACKGROUNDS, contrast } from '../../src/site/code-theme.ts';
import { highlightHtml, loadCodePalette, tokenize } from '../../src/site/highlight.ts';
import { gateOutput } from '../../src/site/gate.ts';
import { PRIVATE_KEY, SECRETS } from '../secrets/corpus.ts';

/** Text of HTML as a browser shows it (tags dropped, entities decoded). */
const textOf = (html: string) => decodeEntities(html.replace(/<[^>]*>/g, ''));
const codeOf = (html: string) => [...html.matchAll(/<code[^>]*>([\s\S]*?)<\/code>/g)].map((m) => m[1]!);

const TS = 'export async function count(limit: number = 10): Promise<number> {\n  // "comments" & <generics>\n  return limit;\n}';
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

describe('highlighting code blocks', () => {
  it('colours a Markdown fence by its language, keeping every character of the code', async () => {
    const input = `<p>Before.</p>\n<pre><code class="language-ts">${escape(TS)}\n</code></pre>\n<p>After.</p>`;
    const out = await highlightHtml(input);
    expect(out).toMatch(/^<p>Before\.<\/p>\n<div class="lw-codeblock"><pre class="lw-code" tabindex="0"><code class="language-ts">/);
    expect(out.endsWith('</code></pre></div>\n<p>After.</p>')).toBe(true);
    expect(textOf(codeOf(out)[0]!)).toBe(`${TS}\n`);
    // Keywords, strings and comments get different classes, each from the palette (l… light, d… dark).
    const spans = [...out.matchAll(/<span class="([^"]*)">([^<]*)<\/span>/g)].map((m) => [m[2]!, m[1]!] as const);
    const classOf = (text: string) => spans.find(([t]) => t.includes(text))?.[1];
    expect(classOf('export')).toMatch(/^l\w+ d\w+$/);
    expect(classOf('// "comments"')).toMatch(/^l\w+ d\w+$/);
    expect(classOf('export')).not.toBe(classOf('// "comments"'));
    for (const [, cls] of spans) expect(cls).toMatch(/^([ld][0-9a-z]+|f[ibu])( ([ld][0-9a-z]+|f[ibu]))*$/);
    // Nothing but spans was added.
    expect(codeOf(out)[0]!.replace(/<\/?span[^>]*>/g, '')).not.toMatch(/<[^>]*>/);
  });

  it('takes the language from the fence info (aliases too) and leaves unknown or plain ones as they were', async () => {
    const block = (lang: string | null, code: string) => `<pre><code${lang === null ? '' : ` class="language-${lang}"`}>${escape(code)}</code></pre>`;
    for (const lang of ['js', 'typescript', 'yml', 'sh', 'json']) {
      const out = await highlightHtml(block(lang, 'a: "b" # c'));
      expect(out, lang).toContain('<pre class="lw-code" tabindex="0">');
      expect(out, lang).toContain('<span class=');
    }
    for (const lang of [null, 'nosuchlanguage', 'text', 'constructor', '__proto__']) {
      const input = block(lang, 'a: "b" <x> & y');
      const out = await highlightHtml(input);
      expect(out, String(lang)).toBe(`<div class="lw-codeblock">${input.replace('<pre>', '<pre class="lw-code-plain" tabindex="0">')}</div>`);
    }
  });

  it('keeps the links of a TypeScript signature where they were, around the same characters', async () => {
    const sig = 'function make&lt;T&gt;(options: <a href="/r/ts/x/#sym-options">Options</a>): <a href="/r/ts/x/#sym-client">Client</a>&lt;T&gt;';
    const out = await highlightHtml(`<pre class="lw-ts-sig"><code class="language-ts">${sig}</code></pre>`);
    expect(out).toContain('<pre class="lw-code lw-ts-sig" tabindex="0">');
    const code = codeOf(out)[0]!;
    expect(textOf(code)).toBe('function make<T>(options: Options): Client<T>');
    const links = [...code.matchAll(/<a href="([^"]*)">([\s\S]*?)<\/a>/g)].map((m) => [m[1], textOf(m[2]!)]);
    expect(links).toEqual([
      ['/r/ts/x/#sym-options', 'Options'],
      ['/r/ts/x/#sym-client', 'Client'],
    ]);
    // Well nested: spans close before a link opens or closes.
    const stack: string[] = [];
    for (const m of code.matchAll(/<(\/?)(a|span)\b[^>]*>/g)) {
      if (m[1] === '') stack.push(m[2]!);
      else expect(stack.pop()).toBe(m[2]);
    }
    expect(stack).toEqual([]);
  });

  it('leaves a block that holds other markup, or character references it does not read, as it was', async () => {
    for (const input of [
      '<pre><code class="language-ts">let a = 1;<img src=x>\nlet b;</code></pre>',
      '<pre><code class="language-ts">let a&nbsp;= "&copy;";</code></pre>',
      // Trojan Source markers (M9) stay beside the characters they sit between.
      '<pre><code class="language-ts">if (role === "user<span class="lw-invisible" title="RIGHT-TO-LEFT OVERRIDE">&#x3C;U+202E></span>") {}</code></pre>',
    ]) {
      expect(await highlightHtml(input)).toBe(`<div class="lw-codeblock">${input.replace('<pre>', '<pre class="lw-code-plain" tabindex="0">')}</div>`);
    }
    // The five XML ones and numeric ones are read, and written back as text.
    const out = await highlightHtml('<pre><code class="language-ts">a &lt; b &amp;&amp; c &#x3E; "&#39;"</code></pre>');
    expect(textOf(codeOf(out)[0]!)).toBe('a < b && c > "\'"');
    expect(out).toContain('<pre class="lw-code"');
  });

  it('leaves code holding a secret whole, so the output gate still finds it and stops publishing', async () => {
    // Each of these would be split into several tokens (a broken JSON value is coloured letter
    // by letter; a key block and a webhook URL split at their punctuation).
    const cases: [string, string, string][] = [
      ['json', `{ "key": ${SECRETS.aws} }`, SECRETS.aws],
      ['js', `const key = \`${PRIVATE_KEY}\`;`, PRIVATE_KEY.split('\n')[1]!],
      ['python', `hook = ${SECRETS.slack}`, SECRETS.slack],
      ['json', `{ "token": ${SECRETS.github} }`, SECRETS.github],
    ];
    for (const [lang, code, secret] of cases) {
      const input = `<pre><code class="language-${lang}">${escape(code)}\n</code></pre>`;
      const out = await highlightHtml(input);
      expect(out).toContain(secret);
      const dir = mkdtempSync(join(tmpdir(), 'livewiki-hl-gate-'));
      try {
        writeFileSync(join(dir, 'index.html'), out);
        expect((await gateOutput(dir, new Set(), null)).findings.length, secret.slice(0, 4)).toBe(1);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('gives the same bytes for the same body (pages are cached and rebuilt byte-identical)', async () => {
    const input = `<pre><code class="language-ts">${escape(TS)}</code></pre><pre><code class="language-json">{"a": [1, true]}</code></pre>`;
    expect(await highlightHtml(input)).toBe(await highlightHtml(input));
  });
});

describe('tokenizing once for both themes', () => {
  const SAMPLES: [string, string][] = [
    ['ts', TS],
    ['js', 'const re = /^(?<year>\\d{4})-\\d{2}$/gu; // a regexp\nexport default { re, s: `x ${re.source}` };'],
    ['json', '{"a": [1, 2.5, true, null], "b": {"c": "d"}}'],
    ['yaml', 'services:\n  web:\n    image: "nginx:1.27" # pinned\n    ports: [8080]\n'],
    ['bash', 'for f in *.md; do echo "$f" | sed -e \'s/a/b/\' > "${f%.md}.txt"; done'],
    ['python', '@dataclass\nclass A:\n    """Doc."""\n    x: int = 0\n    def f(self) -> str:\n        return f"{self.x!r}"\n'],
    ['go', 'package main\n\nfunc main() {\n\tfmt.Println("hi", 1<<3)\n}\n'],
    ['rust', 'fn main() -> Result<(), Box<dyn Error>> {\n    let v: Vec<u8> = vec![1, 2];\n    Ok(())\n}\n'],
    ['html', '<div class="a" id=b><!-- c --><script>let x = 1;</script><style>p { color: red }</style></div>'],
    ['css', '@media (min-width: 40rem) { .a > b::after { content: "x"; color: #fff !important; } }'],
    ['markdown', '# Title\n\n*em* **strong** `code` [link](https://x.example)\n\n- item\n'],
    ['sql', "SELECT a, count(*) FROM t WHERE b = 'x' GROUP BY a; -- note"],
    ['dockerfile', 'FROM node:24-alpine AS build\nRUN npm ci && npm run build\nCOPY --from=build /app /app\n'],
    ['toml', '[package]\nname = "x"\nversion = "1.0"\n[dependencies]\nserde = { version = "1", features = ["derive"] }\n'],
    ['diff', '--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n'],
  ];

  /** What every character looks like: its light and dark colour and font style. */
  const perCharacter = (lines: Awaited<ReturnType<typeof tokenize>>) => lines.flatMap((line) => [...line.flatMap((t) => [...t.content].map(() => `${t.light}/${t.dark}/${t.fontStyle}`)), 'NL']);

  it('colours every character as the two themes do, each tokenizing on its own', async () => {
    for (const [lang, code] of SAMPLES) {
      const paired = await tokenize(code, lang);
      const separate = await tokenize(code, lang, { paired: false });
      expect(perCharacter(paired), lang).toEqual(perCharacter(separate));
      expect(paired.flat().map((t) => t.content).join(''), lang).toBe(code.split('\n').join(''));
    }
  });
});

describe('the code palette', () => {
  it('reads at WCAG AA contrast on the code background of each theme', async () => {
    const { css } = await loadCodePalette();
    const light = [...css.matchAll(/^\.lw-code(?: \.l\w+)?\{color:(#[0-9a-f]{6})\}$/gm)].map((m) => m[1]!);
    const dark = [...css.matchAll(/^:root\[data-theme='dark'\] \.lw-code(?: \.d\w+)?\{color:(#[0-9a-f]{6})\}$/gm)].map((m) => m[1]!);
    expect(light.length).toBeGreaterThan(5);
    expect(dark.length).toBeGreaterThan(5);
    for (const c of light) expect(contrast(c, CODE_BACKGROUNDS.light), c).toBeGreaterThanOrEqual(4.5);
    for (const c of dark) expect(contrast(c, CODE_BACKGROUNDS.dark), c).toBeGreaterThanOrEqual(4.5);
    // The backgrounds are the theme's.
    const theme = readFileSync(new URL('../../site/src/styles/livewiki.css', import.meta.url), 'utf8');
    expect(theme).toContain(`--lw-code-bg: ${CODE_BACKGROUNDS.light};`);
    expect(theme).toContain(`--lw-code-bg: ${CODE_BACKGROUNDS.dark};`);
  });

  it('is the stylesheet the site ships (regenerate it with npm run code-theme)', async () => {
    const shipped = readFileSync(new URL('../../site/src/styles/code-theme.css', import.meta.url), 'utf8');
    expect(shipped).toBe((await loadCodePalette()).css);
  });
});
