// Configuration: found, loaded from .json/.mjs/.ts, validated with located one-line errors.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../src/config/json-schema.ts';
import { ConfigError, DEFAULT_OUT, loadConfig } from '../../src/config/load.ts';
import { defineConfig } from '../../src/config/define.ts';
import { tempDir } from '../helpers/temp.ts';

// Each project folder is removed after the file (a test may make several).
function project(files: Record<string, string>): string {
  const dir = tempDir('livewiki-config-');
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

async function error(files: Record<string, string>): Promise<string> {
  const cwd = project(files);
  const e = await loadConfig({ cwd }).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(ConfigError);
  return (e as ConfigError).message;
}

describe('configuration', () => {
  it('needs no file: the repository in the current directory, output in ./livewiki-dist', async () => {
    const cwd = project({});
    const c = await loadConfig({ cwd });
    expect(c.configFile).toBeNull();
    expect(c.repos.map((r) => r.path)).toEqual([cwd]);
    expect(c.outDir).toBe(join(cwd, DEFAULT_OUT));
    expect(c).toMatchObject({ showEmails: false, failOn: 'error', recent: 10, deepen: false });
  });

  it('loads livewiki.config.ts through defineConfig, with paths relative to the file', async () => {
    const cwd = project({
      'livewiki.config.ts': `import { defineConfig } from ${JSON.stringify(new URL('../../src/config/define.ts', import.meta.url).pathname)};\nexport default defineConfig({ title: 'Ops', out: 'public', repos: [{ path: 'svc', name: 'svc' }], tickets: { prefixes: ['OPS'] } });\n`,
    });
    const c = await loadConfig({ cwd });
    expect(c.title).toBe('Ops');
    expect(c.outDir).toBe(join(cwd, 'public'));
    expect(c.repos[0]).toMatchObject({ name: 'svc', path: join(cwd, 'svc') });
    expect(c.tickets.prefixes).toEqual(['OPS']);
  });

  it('loads livewiki.config.mjs', async () => {
    const cwd = project({ 'livewiki.config.mjs': 'export default { showEmails: true, failOn: "warning" };\n' });
    expect(await loadConfig({ cwd })).toMatchObject({ showEmails: true, failOn: 'warning' });
  });

  it('lets --repo and --out win over the file', async () => {
    const cwd = project({ 'livewiki.config.json': '{ "out": "x", "repos": [{ "path": "a" }] }' });
    const c = await loadConfig({ cwd, repo: 'b', out: 'y' });
    expect(c.repos.map((r) => r.path)).toEqual([join(cwd, 'b')]);
    expect(c.outDir).toBe(join(cwd, 'y'));
  });

  it('takes the site URL from the file or --site (which wins), its path ending with "/"', async () => {
    const cwd = project({ 'livewiki.config.json': '{ "site": "https://acme.github.io/wiki" }' });
    expect((await loadConfig({ cwd })).site).toBe('https://acme.github.io/wiki/');
    expect((await loadConfig({ cwd, site: 'https://docs.example.com/team/' })).site).toBe('https://docs.example.com/team/');
    expect((await loadConfig({ cwd: project({}) })).site).toBeNull();
  });

  it('names a site that is not an absolute http(s) URL, at its line', async () => {
    expect(await error({ 'livewiki.config.json': '{\n  "site": "acme.github.io/wiki"\n}\n' })).toMatch(/^livewiki\.config\.json:2:11: site: expected the absolute http\(s\) URL the wiki is served at/);
    expect(await error({ 'livewiki.config.json': '{ "site": "https://acme.github.io/wiki/?x" }' })).toMatch(/site: expected the absolute http\(s\) URL/);
    expect(await error({ 'livewiki.config.json': '{ "site": "https://u:p@acme.github.io/wiki/" }' })).toMatch(/site: .*must not contain a user name or password/);
  });

  it('names an unknown key, with its line in a JSON file', async () => {
    expect(await error({ 'livewiki.config.json': '{\n  "repos": [\n    { "path": ".", "incude": ["docs/**"] }\n  ]\n}\n' })).toBe(
      'livewiki.config.json:3:20: unknown key "repos[0].incude"; remove it or check its spelling',
    );
  });

  it('names a wrong type and what was expected', async () => {
    expect(await error({ 'livewiki.config.json': '{ "showEmails": "yes" }' })).toBe('livewiki.config.json:1:17: showEmails: expected boolean, received string');
  });

  it('rejects ticket prefixes that are not keys', async () => {
    expect(await error({ 'livewiki.config.json': '{ "tickets": { "prefixes": ["ops"] } }' })).toMatch(
      /tickets\.prefixes\[0\]: expected .*upper-case letters and digits/,
    );
  });

  it('takes history.ignoreRevs as full commit ids only, naming a bad entry where it is', async () => {
    const sha = 'a'.repeat(40);
    const cwd = project({ 'livewiki.config.json': `{ "history": { "ignoreRevs": ["${sha}"] } }` });
    expect((await loadConfig({ cwd })).history.ignoreRevs).toEqual([sha]);
    expect((await loadConfig({ cwd: project({}) })).history.ignoreRevs).toEqual([]);
    expect(await error({ 'livewiki.config.json': `{\n  "history": { "ignoreRevs": ["${sha}", "abc123"] }\n}\n` })).toMatch(
      /^livewiki\.config\.json:2:\d+: history\.ignoreRevs\[1\]: .*full commit id/,
    );
  });

  it('says when a config file has no default export', async () => {
    expect(await error({ 'livewiki.config.mjs': 'export const config = {};\n' })).toContain('no default export');
  });

  it('says when JSON is invalid', async () => {
    expect(await error({ 'livewiki.config.json': '{ "title": ' })).toMatch(/^livewiki.config.json: not valid JSON/);
  });

  it('defineConfig returns its argument', () => {
    const c = { title: 'x' };
    expect(defineConfig(c)).toBe(c);
  });

  it('publishes a JSON Schema that matches the zod schema', () => {
    expect(readFileSync(new URL('../../schema/livewiki.config.schema.json', import.meta.url), 'utf8')).toBe(configJsonSchema());
  });
});
