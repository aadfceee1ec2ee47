// Template overrides are the configuring project's (never a documented repository's: see
// test/config/trust.test.ts), and even then they are compiled and linted before anything is
// rendered, and every error is a located configuration error, exit 2 (audit D12; catalogue
// T1-T5).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { build } from '../../src/pipeline/run.ts';
import { createTemplateEnv, TemplateError } from '../../src/render/handlebars.ts';
import { cli } from '../ci/helpers.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';

const TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));
const original = (name: string) => readFileSync(join(TEMPLATES, `${name}.hbs`), 'utf8');

/** An overrides folder with these templates (name → source). */
function overrides(files: Record<string, string>): string {
  const dir = tempDir('livewiki-tpl-');
  for (const [name, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, `${name}.hbs`)), { recursive: true });
    writeFileSync(join(dir, `${name}.hbs`), source);
  }
  return dir;
}

function templateError(dir: string): TemplateError {
  try {
    createTemplateEnv({ overridesDir: dir });
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('the templates were accepted');
}

/** A CI-side project (config outside the repository) documenting one small repository. */
function project(templates: Record<string, string>) {
  const r = TestRepo.init();
  removeAfterFile(r.root);
  r.write('README.md', '# R\n\nText.\n\n## Part\n\nMore.\n').commit({ message: 'Add <b>docs</b>' });
  const ci = tempDir('livewiki-ci-side-');
  const dir = overrides(templates);
  writeFileSync(join(ci, 'livewiki.config.json'), JSON.stringify({ templates: dir, repos: [{ path: r.root }] }));
  return { repo: r, ci, dir };
}

// The CVE-2021-23369 / -23383 gadget chain: `lookup` reaches Function through `constructor`.
const CVE_POC = (canary: string) => `{{#with "s" as |string|}}
  {{#with "e"}}
    {{#with split as |conslist|}}
      {{this.pop}}
      {{this.push (lookup string.sub "constructor")}}
      {{this.pop}}
      {{#with string.split as |codelist|}}
        {{this.pop}}
        {{this.push "return process.mainModule.require('child_process').execSync('touch ${canary}');"}}
        {{this.pop}}
        {{#each conslist}}
          {{#with (string.sub.apply 0 codelist)}}
            {{this}}
          {{/with}}
        {{/each}}
      {{/with}}
    {{/with}}
  {{/with}}
{{/with}}
`;

describe('template lint: triple braces only for *Html fields (T1)', () => {
  it('accepts every template livewiki ships', () => {
    expect(createTemplateEnv({ checkAll: true }).names()).toContain('page/provenance');
  });

  it.each([
    ['{{{prov.subject}}}', 'prov.subject'],
    ['{{& prov.subject}}', 'prov.subject'],
    ['{{{join prov.authors ", "}}}', 'join'],
    ['{{#each prov.authors}}{{{this}}}{{/each}}', 'this'],
    ['{{{@root.prov.reason}}}', '@root.prov.reason'],
  ])('refuses %s in an override, at its line and column', (expression, shown) => {
    const source = original('page/provenance').replace('<span class="lw-subject">{{prov.subject}}</span>', `<span class="lw-subject">${expression}</span>`);
    expect(source).not.toBe(original('page/provenance'));
    const dir = overrides({ 'page/provenance': source });
    const error = templateError(dir);
    const line = source.split('\n').findIndex((l) => l.includes(expression)) + 1;
    const column = source.split('\n')[line - 1]!.indexOf(expression.startsWith('{{#each') ? '{{{this}}}' : expression) + 1;
    expect(error.message).toBe(
      `${join(dir, 'page/provenance.hbs')}:${line}:${column}: template page/provenance: {{{${shown}}}} prints ${shown} without escaping; triple braces are only for fields named *Html (livewiki's sanitized HTML). Use {{${shown}}}.`,
    );
  });

  it('accepts triple braces on *Html fields and inside {{#each *Html}}', () => {
    const dir = overrides({ 'page/markdown': '{{#each chunks}}<section>{{{headingHtml}}}{{{bodyHtml}}}</section>{{/each}}', 'typescript/symbol': original('typescript/symbol') });
    expect(() => createTemplateEnv({ overridesDir: dir })).not.toThrow();
  });

  it('refuses a partial that does not exist, a partial named by an expression, and decorators', () => {
    expect(templateError(overrides({ 'page/page': 'x\n  {{> page/nope}}' })).message).toMatch(/page\/page\.hbs:2:3: template page\/page: the partial page\/nope does not exist/);
    expect(templateError(overrides({ 'page/page': '{{> (lookup . "which")}}' })).message).toMatch(/:1:1: template page\/page: a partial named by an expression is not allowed/);
    expect(templateError(overrides({ 'page/page': '{{#*inline "x"}}y{{/inline}}' })).message).toMatch(/:1:1: template page\/page: decorators/);
  });

  it('reports a template that does not parse at its line', () => {
    const error = templateError(overrides({ 'page/badge': 'a\nb {{#if x}\nc' }));
    expect(error.message).toMatch(/page\/badge\.hbs:2: template page\/badge: does not parse: Expecting /);
  });
});

describe('a hostile or broken override (T2, T4, D12)', () => {
  it('stops the CVE-2021-23369 gadget chain at compile time: located error, exit 2, nothing runs (T2)', () => {
    const canary = join(tempDir(), 'pwned');
    const { ci, dir } = project({ 'page/provenance': CVE_POC(canary) });
    const error = templateError(dir);
    expect(error.message).toMatch(/page\/provenance\.hbs:5:7: template page\/provenance: You specified knownHelpersOnly, but used the unknown helper push$/);
    const out = join(tempDir(), 'site');
    const run = cli(['build', '--out', out, '--no-cache'], ci);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('page/provenance.hbs:5:7: template page/provenance: You specified knownHelpersOnly');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(canary)).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  it('names the partial, file, line and column of a missing field, and exits 2 without a stack trace (T4, D12)', async () => {
    const source = original('page/provenance').replace('{{prov.subject}}', '{{prov.subjcet}}');
    const line = source.split('\n').findIndex((l) => l.includes('{{prov.subjcet}}')) + 1;
    // The column of the field itself.
    const column = source.split('\n')[line - 1]!.indexOf('prov.subjcet') + 1;
    const { ci, dir } = project({ 'page/provenance': source });
    const expected = `${join(dir, 'page/provenance.hbs')}:${line}:${column}: template page/provenance: "subjcet" not defined in the data here`;

    const config = await loadConfig({ cwd: ci, cache: false, out: join(tempDir(), 'site') });
    const error = await build(config).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).message.startsWith(expected)).toBe(true);

    const out = join(tempDir(), 'site');
    const run = cli(['build', '--out', out, '--no-cache'], ci);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(expected);
    expect(run.stderr).not.toContain('page/page');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(out)).toBe(false);
  });

  it('stops the build on a missing field in a template an extractor renders, though the extractor catches it', async () => {
    const { ci } = project({ 'page/markdown': '{{#each chunks}}{{{bodyHtml}}}{{anchr}}{{/each}}' });
    const config = await loadConfig({ cwd: ci, cache: false, out: join(tempDir(), 'site') });
    await expect(build(config)).rejects.toThrow(/page\/markdown\.hbs:1:33: template page\/markdown: "anchr" not defined/);
  });
});

describe('prototypes (T3, T5)', () => {
  it('never reads a prototype property through a template: __proto__, constructor, __lookupGetter__ (T3)', () => {
    const env = createTemplateEnv({
      overridesDir: overrides({
        'page/markdown': '{{#each chunks}}[{{lookup this "constructor"}}][{{lookup this "__proto__"}}][{{lookup this "__lookupGetter__"}}][{{lookup this "toString"}}]{{{bodyHtml}}}{{/each}}',
      }),
    });
    expect(env.render('page/markdown', { chunks: [{ bodyHtml: '<p>x</p>' }] })).toBe('[][][][]<p>x</p>');
    // A `__proto__` key in repository data is the data's own key: it neither pollutes nor reaches a prototype.
    const chunk = JSON.parse('{"bodyHtml": "<p>x</p>", "__proto__": {"polluted": "yes"}}') as object;
    expect(env.render('page/markdown', { chunks: [chunk] })).toBe('[][[object Object]][][]<p>x</p>');
    expect(({} as { polluted?: string }).polluted).toBeUndefined();
    // In strict mode, a path through a prototype property is a located error, not a value.
    const strict = createTemplateEnv({ overridesDir: overrides({ 'page/markdown': '{{#each chunks}}{{constructor.name}}{{/each}}' }) });
    expect(() => strict.render('page/markdown', { chunks: [{}] })).toThrow(/page\/markdown\.hbs:1:19: template page\/markdown: "name" not defined in undefined/);
  });

  it('renders nothing that Object.prototype was polluted with: partials, *Html fields (T5)', () => {
    const proto = Object.prototype as Record<string, unknown>;
    const keys = ['page/extra', 'bodyHtml', 'headingHtml', 'badgeHtml'];
    try {
      for (const k of keys) proto[k] = '<img src=x onerror=alert(1)>';
      // A partial name that only exists on the prototype is not a partial.
      expect(templateError(overrides({ 'page/page': '{{> page/extra}}' })).message).toMatch(/the partial page\/extra does not exist/);
      const env = createTemplateEnv();
      // Chunks without their own *Html fields: the prototype's values are never printed.
      expect(env.render('page/markdown', { chunks: [{ anchor: 'a', depth: 2 }] })).not.toContain('onerror');
      const html = env.render('page/markdown', { chunks: [{ anchor: 'a', depth: 2, headingHtml: 'A', badgeHtml: '', bodyHtml: '<p>ok</p>' }] });
      expect(html).not.toContain('onerror');
    } finally {
      for (const k of keys) delete proto[k];
    }
  });

  it('renders every template with frozen prototypes (T5: tests run with frozen prototypes)', () => {
    const module = fileURLToPath(new URL('../../src/render/handlebars.ts', import.meta.url));
    const script = `
      // Handlebars assigns over inherited names while loading (the "override mistake"), so the
      // prototypes are frozen once it is loaded, before any template is compiled or rendered.
      await import('handlebars');
      for (const o of [Object.prototype, Array.prototype, Function.prototype, String.prototype]) Object.freeze(o);
      const { createTemplateEnv } = await import(${JSON.stringify(module)});
      const env = createTemplateEnv();
      const html = env.render('page/markdown', { chunks: [{ anchor: 's', depth: 2, headingHtml: 'S', badgeHtml: '', bodyHtml: '<p>&lt;script&gt;</p>' }] });
      process.stdout.write(html);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('<h2 id="s" class="lw-heading">S');
  });
});
