// Markdown that tries to be more than text (catalogue M4-M7, M9), built into a real site: MDX and
// JSX never run, no front matter moves a page, no link or image reads outside the repository or
// through a symlink, SVG is never published, and Trojan Source characters are made visible.
import { existsSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { Diagnostic } from '../../src/model/diagnostics.ts';
import type { LivewikiJson } from '../../src/output/livewiki-json.ts';
import { build } from '../../src/pipeline/run.ts';
import { extract } from '../extract/markdown-helpers.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';

// A real 1×1 PNG.
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360f8cf000000040001f5d8d6b00000000049454e44ae426082', 'hex');

function allFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((p) => statSync(join(dir, p)).isFile());
}

describe('Markdown that tries to be more than text (M4-M7, M9)', () => {
  let out: string;
  let outside: string;
  let canary: string;
  let wiki: LivewikiJson;
  let diagnostics: Diagnostic[];
  let dist: string;
  const ENV_VALUE = 'env-value-that-must-not-appear-7f3a';
  const page = (path: string) => wiki.pages.find((p) => p.sources[0]?.path === path);
  const html = (path: string) => readFileSync(join(out, page(path)!.route, 'index.html'), 'utf8');

  beforeAll(async () => {
    outside = tempDir('livewiki-outside-');
    canary = join(tempDir(), 'pwned');
    writeFileSync(join(outside, 'x.png'), PNG);
    const r = TestRepo.init();
    removeAfterFile(r.root);
    r.write('README.md', '# Hostile\n');
    // M4: MDX and JSX-looking Markdown.
    r.write('docs/page.mdx', `import fs from 'node:fs'\nexport const x = fs.writeFileSync(${JSON.stringify(canary)}, 'mdx')\n\n# MDX\n\n{process.env.LIVEWIKI_TEST_ENV}\n<Danger onLoad={() => fetch('//evil')} />\n`);
    r.write('docs/jsx.md', `# JSX in Markdown\n\nimport x from './y'\n\n{process.env.LIVEWIKI_TEST_ENV}\n\n<Component prop={require('child_process').execSync('touch ${canary}')} />\n`);
    // M5: front matter that tries to move the page or escape the output folder.
    const moves = ['../../index', '/', '//evil.example', '%2e%2e/%2e%2e/escape', '../../../../../tmp/escape', 'x\u0000y', 'a'.repeat(10000)];
    moves.forEach((slug, i) => r.write(`docs/move-${i}.md`, `---\nslug: ${JSON.stringify(slug)}\npermalink: ${JSON.stringify(slug)}\n---\n# Move ${i}\n`));
    // M6: links and images out of the repository, and through symlinks.
    r.write('docs/links.md', '# Links\n\n![up](../../../../etc/passwd.png) ![abs](/etc/passwd) <img src="/etc/passwd"> <img src="../../../../../etc/hostname.png">\n\n![via folder link](../imgs/x.png) ![real](../img/real.png)\n');
    r.write('img/real.png', PNG);
    symlinkSync(outside, join(r.root, 'imgs'));
    // M7: SVG with a script, linked every way.
    r.write('img/logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>\n');
    r.write('docs/svg.md', '# SVG\n\n![logo](../img/logo.svg) <img src="../img/logo.svg"> [open](../img/logo.svg) <object data="../img/logo.svg"></object> <embed src="../img/logo.svg">\n');
    // M9: Trojan Source in code and link text.
    r.write('docs/trojan.md', '# Trojan\n\n```js\nif (accessLevel != "user\u202E \u2066// Check if admin\u2069 \u2066") {\n```\n\nCall `rm\u200B -rf` or [paypa\u202El.com](https://example.com/login) or [family 👨‍👩‍👧](https://example.com/f).\n');
    r.commit('Add hostile docs');
    out = join(tempDir(), 'site');
    process.env.LIVEWIKI_TEST_ENV = ENV_VALUE;
    try {
      const result = await build(await loadConfig({ cwd: r.root, out, cache: false }));
      expect(result.published).toBe(true);
      diagnostics = result.diagnostics;
    } finally {
      delete process.env.LIVEWIKI_TEST_ENV;
    }
    wiki = JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson;
    dist = allFiles(out).map((f) => readFileSync(join(out, f), 'latin1')).join('\n');
  }, 240_000);

  it('never compiles MDX or JSX: .mdx is not published, JSX is text, nothing runs, no environment value (M4)', () => {
    expect(page('docs/page.mdx')).toBeUndefined();
    expect(existsSync(canary)).toBe(false);
    expect(dist).not.toContain(ENV_VALUE);
    const jsx = html('docs/jsx.md');
    expect(jsx).toContain('{process.env.LIVEWIKI_TEST_ENV}');
    expect(jsx).not.toMatch(/<Component/i);
  });

  it('routes a page by its path only, whatever its front matter says; every output path stays in the output folder (M5)', () => {
    for (let i = 0; i < 7; i++) expect(page(`docs/move-${i}.md`)?.route).toBe(`/${wiki.repos[0]!.id}/docs/move-${i}/`);
    const root = resolve(out);
    for (const f of allFiles(out)) {
      const full = resolve(out, f);
      expect(full.startsWith(root + sep), f).toBe(true);
      expect(relative(root, full).split(sep)).not.toContain('..');
    }
    expect(existsSync(join(outside, '..', 'escape'))).toBe(false);
    expect(dist).not.toContain('evil.example');
  });

  it('publishes no file from outside the repository or through a symlinked folder, and says so (M6)', () => {
    const assets = allFiles(out).filter((f) => f.startsWith('_assets'));
    expect(assets).toEqual([join('_assets', wiki.repos[0]!.id, 'img', 'real.png')]);
    expect(readFileSync(join(out, assets[0]!))).toEqual(PNG); // copied as is, never re-encoded (M7)
    expect(dist).not.toContain('root:x:0:0');
    const unresolved = diagnostics.filter((d) => d.code === 'W_MD_LINK_UNRESOLVED' && d.file === 'docs/links.md').map((d) => d.message).join('\n');
    for (const target of ['../../../../etc/passwd.png', '../imgs/x.png']) expect(unresolved).toContain(`"${target}"`);
  });

  it('never publishes an SVG or inlines its script, however it is linked (M7)', () => {
    expect(allFiles(out).filter((f) => /\.svg$/i.test(f) && f.includes('logo'))).toEqual([]);
    expect(dist).not.toContain('alert(document.domain)');
    const svg = html('docs/svg.md');
    expect(svg).not.toMatch(/<(object|embed|svg)\b[^>]*logo/i);
    expect(svg).not.toMatch(/(src|href|data)="[^"]*logo\.svg"/);
  });

  it('shows bidirectional and zero-width characters in code and link text as visible markers, and reports their lines (M9)', () => {
    const body = html('docs/trojan.md');
    expect(body).toContain('"user<span class="lw-invisible" title="RIGHT-TO-LEFT OVERRIDE">&#x3C;U+202E></span>');
    expect(body).toContain('<span class="lw-invisible" title="LEFT-TO-RIGHT ISOLATE">&#x3C;U+2066></span>// Check if admin');
    expect(body).toContain('rm<span class="lw-invisible" title="ZERO WIDTH SPACE">&#x3C;U+200B></span> -rf');
    expect(body).toContain('paypa<span class="lw-invisible" title="RIGHT-TO-LEFT OVERRIDE">&#x3C;U+202E></span>l.com');
    expect(body).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B]/);
    // A joiner in an emoji sequence is not a Trojan Source character.
    expect(body).toContain('family 👨‍👩‍👧');
    const found = diagnostics.filter((d) => d.code === 'W_MD_INVISIBLE_CHARS');
    expect(found.map((d) => [d.file, d.line])).toEqual([
      ['docs/trojan.md', 4],
      ['docs/trojan.md', 7],
      ['docs/trojan.md', 7],
    ]);
    expect(found[0]!.message).toContain('U+202E RIGHT-TO-LEFT OVERRIDE');
  });
});

describe('invisible characters at extractor level (M9)', () => {
  it('marks them in indented code and inline code with exact lines, not in prose or headings', () => {
    const { doc, diagnostics } = extract('# Title\u200B\n\nProse with a\u200Bspace.\n\n    indented\u202Ecode\n\nand `inline\u2066` end\n');
    const all = doc!.chunks.map((c) => c.bodyHtml).join('');
    expect(all).toContain('indented<span class="lw-invisible" title="RIGHT-TO-LEFT OVERRIDE">');
    expect(all).toContain('inline<span class="lw-invisible" title="LEFT-TO-RIGHT ISOLATE">');
    expect(all).toContain('a\u200Bspace');
    expect(diagnostics.items.map((d) => d.line)).toEqual([5, 7]);
  });
});
