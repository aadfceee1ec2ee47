// Who may configure what (audit D9; catalogue C1, T2). A config file inside a documented
// repository is that repository's content: JSON only (never run) and content keys only. Code
// configs and CI-side keys come from outside the repository, or from a file the CI declares
// trusted with --trust-config.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig, PRIVILEGED_KEYS } from '../../src/config/load.ts';
import { cli } from '../ci/helpers.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';

const TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

function repo(): TestRepo {
  const r = TestRepo.init();
  removeAfterFile(r.root);
  r.write('README.md', '# R\n').commit('init');
  return r;
}

/** An override of page/provenance.hbs that prints the commit subject unescaped. */
function tripleStashOverride(dir: string): void {
  mkdirSync(join(dir, 'page'), { recursive: true });
  const original = readFileSync(join(TEMPLATES, 'page/provenance.hbs'), 'utf8');
  writeFileSync(join(dir, 'page/provenance.hbs'), original.replace('{{prov.subject}}', '{{{prov.subject}}}'));
}

describe('the configuration a documented repository may bring (D9, C1)', () => {
  it('does not run a livewiki.config.ts committed to the repository, with a CI token in the environment (the audit reproduction)', () => {
    const r = repo();
    expect(cli(['init'], r.root).code).toBe(0);
    const stolen = join(tempDir(), 'token');
    writeFileSync(
      join(r.root, 'livewiki.config.ts'),
      `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(stolen)}, String(process.env.GITHUB_TOKEN));\nexport default { templates: "tpl" };\n`,
    );
    tripleStashOverride(join(r.root, 'tpl'));
    r.commit({ message: '<img src=x onerror=alert(1)>' });
    const out = join(tempDir(), 'site');
    const run = cli(['build', '--config', 'livewiki.config.ts', '--out', out], r.root, { GITHUB_TOKEN: 'ghp_fake_ci_token' });
    expect(run.code).toBe(2);
    expect(existsSync(stolen)).toBe(false);
    expect(existsSync(out)).toBe(false);
    expect(run.stderr).toContain('livewiki.config.ts: a code config inside a git repository');
    expect(run.stderr).toContain('--trust-config');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('refuses each CI-side key in a JSON config inside the documented repository, located at the key', async () => {
    const r = repo();
    const lines = ['{', '  "title": "Docs",', '  "out": "site",', '  "templates": "tpl",', '  "cacheDir": "/tmp/elsewhere",', '  "secrets": { "allow": ["0123456789abcdef"] },', '  "showEmails": true', '}'];
    writeFileSync(join(r.root, 'livewiki.config.json'), `${lines.join('\n')}\n`);
    mkdirSync(join(r.root, 'tpl'));
    const error = await loadConfig({ cwd: r.root }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.name).toBe('ConfigError');
    const messages = error!.message.split('\n');
    expect(messages).toHaveLength(PRIVILEGED_KEYS.length);
    for (const key of PRIVILEGED_KEYS) {
      const line = lines.findIndex((l) => l.includes(`"${key}"`)) + 1;
      expect(messages.find((m) => m.includes(`"${key}" cannot be set`)), key).toMatch(new RegExp(`^livewiki\\.config\\.json:${line}:3: `));
    }
    // The CLI: exit 2 (configuration error), nothing built.
    const out = join(tempDir(), 'site');
    const run = cli(['build', '--out', out], r.root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"templates" cannot be set by a config inside the documented repository');
    expect(existsSync(out)).toBe(false);
  });

  it('lets a config inside a repository document that repository only', async () => {
    const r = repo();
    const other = repo();
    writeFileSync(join(r.root, 'livewiki.config.json'), JSON.stringify({ repos: [{ path: '.' }, { path: other.root }] }, null, 2));
    await expect(loadConfig({ cwd: r.root })).rejects.toThrow(/repos\[1\]\.path: a config inside the repository .* documents only that repository/);
    writeFileSync(join(r.root, 'livewiki.config.json'), JSON.stringify({ title: 'Docs', site: 'https://acme.github.io/docs', repos: [{ path: '.', name: 'docs', exclude: ['x/**'] }], failOn: 'warning', history: { recent: 5 }, tickets: { prefixes: ['OPS'] } }, null, 2));
    // `site` is a content key: only where this wiki is served (canonical URLs, the 404 page's base).
    await expect(loadConfig({ cwd: r.root })).resolves.toMatchObject({ title: 'Docs', site: 'https://acme.github.io/docs/', failOn: 'warning', recent: 5 });
    // The workflow's --site (where Pages really serves it) wins over the committed value.
    await expect(loadConfig({ cwd: r.root, site: 'https://acme.github.io/wiki/' })).resolves.toMatchObject({ site: 'https://acme.github.io/wiki/' });
  });

  it('takes CI-side keys and code from a config outside the documented repositories', async () => {
    const r = repo();
    const ci = tempDir('livewiki-ci-side-');
    tripleStashOverride(join(ci, 'tpl'));
    writeFileSync(join(ci, 'livewiki.config.mjs'), `export default { templates: 'tpl', showEmails: true, repos: [{ path: ${JSON.stringify(r.root)} }] };\n`);
    const config = await loadConfig({ cwd: ci, cache: false });
    expect(config.templatesDir).toBe(join(ci, 'tpl'));
    expect(config.showEmails).toBe(true);
  });

  it('runs a code config inside the repository and takes its CI-side keys with --trust-config only', async () => {
    const r = repo();
    writeFileSync(join(r.root, 'livewiki.config.mjs'), 'export default { title: "Trusted", cacheDir: ".cache-here" };\n');
    await expect(loadConfig({ cwd: r.root })).rejects.toThrow(/code config inside a git repository/);
    await expect(loadConfig({ cwd: r.root, trustConfig: true })).resolves.toMatchObject({ title: 'Trusted', cacheDir: join(r.root, '.cache-here') });
    const run = cli(['check', '--trust-config', '--no-cache'], r.root);
    expect(run.code).toBe(0);
  });
});
