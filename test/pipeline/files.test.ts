// Files as repositories really hold them (audit D15; catalogue F1, F2, F3, F5, F6, F8): other
// encodings, Git LFS pointers, files over the size limit, symbolic links (to files, folders,
// themselves), names that collide on a case-insensitive or NFC host, long and reserved names.
// Nothing is lost without a word, nothing outside the repository is read.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { Diagnostic } from '../../src/model/diagnostics.ts';
import type { LivewikiJson } from '../../src/output/livewiki-json.ts';
import { build, wikiModel } from '../../src/pipeline/run.ts';
import { createTemplateEnv } from '../../src/render/handlebars.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';

function allFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((p) => statSync(join(dir, p)).isFile());
}

function text(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

const LFS_OID = '4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393';

describe('encodings, LFS pointers, large files (D15, F3, F5)', () => {
  let wiki: LivewikiJson;
  let out: string;
  let diagnostics: Diagnostic[];
  const page = (path: string) => wiki.pages.find((p) => p.sources[0]?.path === path);
  const html = (path: string) => readFileSync(join(out, page(path)!.route, 'index.html'), 'utf8');
  const codesFor = (path: string) => diagnostics.filter((d) => d.file === path).map((d) => d.code);

  beforeAll(async () => {
    const r = TestRepo.init();
    removeAfterFile(r.root);
    r.write('README.md', '# Files\n');
    r.write('u16le.md', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('# Überschrift\n\nGrüße aus Köln.\n', 'utf16le')]));
    const be = Buffer.from('# Große Straße\n\nText.\n', 'utf16le').swap16();
    r.write('u16be.md', Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    r.write('latin1.md', Buffer.concat([Buffer.from('# Café\n\nCrème brûlée, 25 ', 'latin1'), Buffer.from([0x80]), Buffer.from('.\n')]));
    r.write('cp1252.md', Buffer.from([...Buffer.from('# Quotes\n\nHe said '), 0x93, ...Buffer.from('hi'), 0x94, 0x20, 0x80, 0x0a]));
    r.write('mixed-eol.md', '# Mixed\r\n\r\nOne.\n\n## Two\r\n\r\nTwo.\r\n');
    r.write('assets/video.md', `version https://git-lfs.github.com/spec/v1\noid sha256:${LFS_OID}\nsize 123456789\n`);
    r.write('huge.md', `# Huge\n\n${'lorem ipsum dolor sit amet\n'.repeat(800_000)}`);
    r.write('image.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    r.commit('Add files');
    out = join(tempDir(), 'site');
    const config = await loadConfig({ cwd: r.root, out, cache: false });
    const result = await build(config);
    expect(result.published).toBe(true);
    diagnostics = result.diagnostics;
    wiki = JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson;
  }, 240_000);

  it('reads UTF-16 with a byte order mark, little and big endian (the audit reproduction)', () => {
    expect(page('u16le.md')?.title).toBe('Überschrift');
    expect(text(html('u16le.md'))).toContain('Grüße aus Köln.');
    expect(page('u16be.md')?.title).toBe('Große Straße');
    expect(codesFor('u16le.md')).toEqual([]);
  });

  it('reads invalid UTF-8 as Windows-1252 and says so, once (the audit reproduction)', () => {
    expect(page('latin1.md')?.title).toBe('Café');
    expect(text(html('latin1.md'))).toContain('Crème brûlée, 25 €.');
    expect(html('latin1.md')).not.toContain('\uFFFD');
    expect(codesFor('latin1.md')).toEqual(['W_TEXT_ENCODING']);
    expect(text(html('cp1252.md'))).toContain('He said “hi” €');
  });

  it('keeps line numbers with mixed line endings', () => {
    const two = page('mixed-eol.md')!.sections.find((s) => s.key === 'Two')!;
    expect(two.sources[0]!.lines).toEqual([5, 7]);
  });

  it('shows a Git LFS pointer as stored in LFS, with object id and size, never its text (F3)', () => {
    const p = page('assets/video.md')!;
    expect(p).toBeDefined();
    const body = html('assets/video.md');
    expect(body).not.toContain('git-lfs.github.com/spec');
    expect(text(body)).toContain('This document is stored in Git LFS');
    expect(body).toContain(`sha256:${LFS_OID}`);
    expect(text(body)).toContain('117.7 MB (123456789 bytes)');
    expect(p.provenance).toMatchObject({ status: 'known', subject: 'Add files' });
    expect(codesFor('assets/video.md')).toEqual(['W_LFS_POINTER']);
  });

  it('keeps a file over the size limit as a page with a banner, warned once (F3)', () => {
    const p = page('huge.md')!;
    expect(p).toBeDefined();
    expect(text(html('huge.md'))).toMatch(/This document is 2\d\.\d MB, over the 20\.0 MB limit, so its content is not shown\./);
    expect(html('huge.md')).not.toContain('lorem ipsum');
    expect(codesFor('huge.md')).toEqual(['W_FILE_TOO_LARGE']);
  });

  it('still skips binary content named .md, with a warning (F4)', () => {
    expect(page('image.md')).toBeUndefined();
    expect(codesFor('image.md')).toEqual(['W_MD_BINARY']);
  });
});

describe('symbolic links and trees (F1, F2)', () => {
  it('follows no symlink to a file or a folder outside, or to itself, and warns for each once (F1)', async () => {
    const outside = tempDir('livewiki-outside-');
    writeFileSync(join(outside, 'secret.md'), '# Outside secret\n\nOUTSIDE-SENTINEL\n');
    mkdirSync(join(outside, 'dir'));
    writeFileSync(join(outside, 'dir', 'inner.md'), '# Inner\n\nOUTSIDE-DIR-SENTINEL\n');
    const r = TestRepo.init();
    removeAfterFile(r.root);
    r.write('README.md', '# R\n\n[secret](secret.md) [folder](folder.md/inner.md) ![pw](img/pw.png)\n');
    mkdirSync(join(r.root, 'img'));
    symlinkSync(join(outside, 'secret.md'), join(r.root, 'secret.md'));
    symlinkSync(join(outside, 'dir'), join(r.root, 'folder.md'));
    symlinkSync('/etc/passwd', join(r.root, 'img', 'pw.png'));
    symlinkSync('loop.md', join(r.root, 'loop.md'));
    symlinkSync('.', join(r.root, 'self'));
    r.commit('Add links');
    expect(r.git('ls-files', '-s', 'folder.md', 'self', 'loop.md')).toMatch(/^120000 /);
    const out = join(tempDir(), 'site');
    const result = await build(await loadConfig({ cwd: r.root, out, cache: false }));
    expect(result.published).toBe(true);
    const warned = result.diagnostics.filter((d) => d.code === 'W_SYMLINK_SKIPPED').map((d) => d.file).sort();
    expect(warned).toEqual(['folder.md', 'loop.md', 'secret.md']);
    // Links to them do not resolve (the image is not published, the documents have no page).
    const unresolved = result.diagnostics.filter((d) => d.code === 'W_MD_LINK_UNRESOLVED').map((d) => d.message);
    expect(unresolved).toEqual([expect.stringContaining('"secret.md"'), expect.stringContaining('"folder.md/inner.md"'), expect.stringContaining('"img/pw.png"')]);
    expect(allFiles(out).some((f) => f.includes('pw'))).toBe(false);
    const dist = allFiles(out).map((f) => readFileSync(join(out, f), 'latin1')).join('\n');
    expect(dist).not.toContain('OUTSIDE-SENTINEL');
    expect(dist).not.toContain('OUTSIDE-DIR-SENTINEL');
    expect(dist).not.toContain('root:x:0:0');
  });

  it('enumerates a large, deep tree with a symlink loop by git alone, without walking the disk (F2)', async () => {
    const r = TestRepo.init();
    removeAfterFile(r.root);
    // 5,000 files in a fast-import stream (one commit), one 200-deep document, a loop.
    const deep = Array.from({ length: 200 }, (_, i) => `d${i}`).join('/');
    const blobs: string[] = [];
    for (let i = 0; i < 5000; i++) blobs.push(`M 100644 inline data/f${i % 50}/file${i}.txt\ndata 2\n${i % 10}\n`);
    const stream = `commit refs/heads/main\ncommitter A <a@example.com> 1704067200 +0000\ndata 5\ntree\n${blobs.join('')}M 100644 inline ${deep}/deep.md\ndata 7\n# Deep\nM 120000 inline loop\ndata 4\nloop\nM 120000 inline up\ndata 1\n.\n\n`;
    execFileSync('git', ['fast-import', '--quiet'], { cwd: r.root, input: stream, env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    r.git('reset', '-q', '--hard');
    const config = await loadConfig({ cwd: r.root, out: join(tempDir(), 'site'), cache: false });
    const diagnostics = new Diagnostics();
    const model = await wikiModel(config, { diagnostics, store: null, templates: createTemplateEnv() });
    expect(model!.repos[0]!.snapshot.files).toHaveLength(5003);
    const deepPage = model!.tree.nodes.find((n) => n.page.sources[0]?.path === `${deep}/deep.md`);
    expect(deepPage?.page.title).toBe('Deep');
    expect(diagnostics.items.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('names (F6, F8)', () => {
  let wiki: LivewikiJson;
  let out: string;
  let diagnostics: Diagnostic[];
  const nfc = 'café';
  const nfd = 'cafe\u0301';
  const long = 'é'.repeat(120);
  const longDir = 'd'.repeat(200);

  beforeAll(async () => {
    const r = TestRepo.init();
    removeAfterFile(r.root);
    r.write('README.md', '# Upper\n').write('readme.md', '# Lower\n');
    r.write('Foo/a.md', '# Foo A\n').write('foo/a.md', '# foo a\n');
    r.write(`${nfc}.md`, '# NFC\n').write(`${nfd}.md`, '# NFD\n');
    r.write('con.md', '# con\n').write('aux.md', '# aux\n').write('nul.md', '# nul\n').write('COM1.md', '# com1\n');
    r.write('trailing..md', '# dots\n').write(' spaced .md', '# spaced\n');
    r.write(`${longDir}/${long}.md`, '# Long\n');
    r.commit('Add names');
    out = join(tempDir(), 'site');
    const result = await build(await loadConfig({ cwd: r.root, out, cache: false }));
    expect(result.published).toBe(true);
    diagnostics = result.diagnostics;
    wiki = JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson;
  }, 240_000);

  it('gives names that collide by case or Unicode normalisation their own URL, with W_ROUTE_COLLISION (F6)', () => {
    const routeOf = (path: string) => wiki.pages.find((p) => p.sources[0]?.path === path)?.route;
    const pairs = [['README.md', 'readme.md'], ['Foo/a.md', 'foo/a.md'], [`${nfc}.md`, `${nfd}.md`]];
    for (const [a, b] of pairs) {
      expect(routeOf(a!), a).toBeDefined();
      expect(routeOf(b!), b).toBeDefined();
      expect(routeOf(a!)).not.toBe(routeOf(b!));
      // Both stay under the repository's prefix.
      expect(routeOf(a!)!.startsWith(`/${wiki.repos[0]!.id}/`)).toBe(true);
      expect(routeOf(b!)!.startsWith(`/${wiki.repos[0]!.id}/`)).toBe(true);
    }
    const collisions = diagnostics.filter((d) => d.code === 'W_ROUTE_COLLISION').map((d) => d.file).sort();
    expect(collisions).toEqual(['foo/a.md', 'readme.md', `${nfc}.md`].sort());
    // On a case-insensitive, normalising host no two output files would be one.
    const files = allFiles(out);
    const folded = new Set(files.map((f) => f.normalize('NFC').toLowerCase()));
    expect(folded.size).toBe(files.length);
  });

  it('caps long names, maps reserved ones and keeps every path component under 255 bytes (F8)', () => {
    for (const path of ['con.md', 'aux.md', 'nul.md', 'COM1.md', 'trailing..md', ' spaced .md', `${longDir}/${long}.md`]) {
      const p = wiki.pages.find((x) => x.sources[0]?.path === path);
      expect(p, path).toBeDefined();
      for (const segment of p!.route.split('/').filter(Boolean)) {
        expect(/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(segment), `${path}: ${segment}`).toBe(false);
        expect(segment, path).not.toMatch(/[. ]$/);
        expect([...segment].length, path).toBeLessThanOrEqual(80);
      }
      expect(existsSync(join(out, p!.route, 'index.html')), path).toBe(true);
    }
    for (const f of allFiles(out)) for (const part of relative(out, join(out, f)).split('/')) expect(Buffer.byteLength(part), f).toBeLessThanOrEqual(255);
  });
});
