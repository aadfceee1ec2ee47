// livewiki as a new user installs it: `npm pack` (which compiles dist/ through `prepack`), the
// tarball installed into a fresh project with a git repository, then `npx livewiki build` and
// `npx livewiki check` (`--trust-config`: the config is code inside the repository) with a `livewiki.config.ts` that imports `defineConfig` from 'livewiki',
// type-checked by `tsc` against the shipped declarations.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';

const ROOT = join(import.meta.dirname, '../..');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

let project: TestRepo;
let tarball: string;

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  // npm scripts put this project's Node (24) first on PATH; the installed package runs on it.
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: '1', NO_COLOR: '1', npm_config_fund: 'false', npm_config_audit: 'false', ...env }, maxBuffer: 1 << 26 });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

beforeAll(() => {
  const packs = tempDir('livewiki-pack-');
  const packed = run('npm', ['pack', '--pack-destination', packs, '--silent'], ROOT);
  expect(packed.code, packed.out).toBe(0);
  tarball = join(packs, readdirSync(packs).find((f) => f.endsWith('.tgz'))!);

  project = TestRepo.init();
  removeAfterFile(project.root);
  project
    .write('package.json', JSON.stringify({ name: 'acme-docs', private: true, type: 'module' }, null, 2))
    .write('README.md', '# Acme\n\nThe Acme service.\n\n## Run it\n\nStart it.\n')
    .write('docs/guide.md', '# Guide\n\nSee [running](../README.md#run-it).\n')
    .write('.gitignore', 'node_modules/\nlivewiki-dist/\n.livewiki-cache/\n');
  project.commit({ message: 'Docs', author: 'Ada Lovelace <ada@example.com>' });
  const installed = run('npm', ['install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', tarball], project.root);
  expect(installed.code, installed.out).toBe(0);
}, 900_000);

// Each test spawns npm, a build or tsc: minutes on a loaded 2-core machine.
const SLOW = 600_000;

describe('the published package', () => {
  it('ships compiled JavaScript with declarations, the templates and the Astro theme, and no TypeScript sources', () => {
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    expect(listing).toContain('package/dist/index.js');
    expect(listing).toContain('package/dist/index.d.ts');
    expect(listing).toContain('package/dist/cli/bin.js');
    expect(listing).toContain('package/bin/livewiki.js');
    expect(listing.some((f) => f.startsWith('package/templates/page/'))).toBe(true);
    expect(listing.some((f) => f.startsWith('package/site/src/layouts/'))).toBe(true);
    expect(listing.filter((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toEqual([]);
  }, SLOW);

  it('builds and checks a wiki with `npx livewiki` and a livewiki.config.ts that imports defineConfig', () => {
    writeFileSync(
      join(project.root, 'livewiki.config.ts'),
      "import { defineConfig } from 'livewiki';\n\nexport default defineConfig({\n  title: 'Acme wiki',\n  repos: [{ path: '.', name: 'acme' }],\n  failOn: 'warning',\n});\n",
    );
    // A code config inside the documented repository runs only when trusted like the CI workflow.
    const refused = run('npx', ['livewiki', 'build'], project.root);
    expect(refused.code, refused.out).toBe(2);
    expect(refused.out).toContain('--trust-config');
    const built = run('npx', ['livewiki', 'build', '--trust-config'], project.root);
    expect(built.code, built.out).toBe(0);
    const manifest = JSON.parse(readFileSync(join(project.root, 'livewiki-dist/livewiki.json'), 'utf8')) as { pages: { id: string; route: string }[] };
    expect(manifest.pages.map((p) => p.id)).toEqual(expect.arrayContaining(['acme/doc/README.md', 'acme/doc/docs/guide.md']));
    expect(existsSync(join(project.root, 'livewiki-dist/acme/docs/guide/index.html'))).toBe(true);
    expect(readFileSync(join(project.root, 'livewiki-dist/index.html'), 'utf8')).toContain('Acme wiki');

    const checked = run('npx', ['livewiki', 'check', '--trust-config'], project.root);
    expect(checked.code, checked.out).toBe(0);
    expect(checked.out).toContain('livewiki check:');
  }, SLOW);

  it('type-checks the config against the shipped declarations, and rejects a wrong one', () => {
    writeFileSync(join(project.root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['livewiki.config.ts'] }));
    const good = run(process.execPath, [TSC, '-p', 'tsconfig.json'], project.root);
    expect(good.code, good.out).toBe(0);
    writeFileSync(join(project.root, 'livewiki.config.ts'), "import { defineConfig } from 'livewiki';\n\nexport default defineConfig({ failOn: 'sometimes' });\n");
    const bad = run(process.execPath, [TSC, '-p', 'tsconfig.json'], project.root);
    expect(bad.code).not.toBe(0);
    expect(bad.out).toContain('livewiki.config.ts');
    expect(bad.out).toContain('sometimes');
  }, SLOW);

  it('gives programs `build` and `loadConfig` from livewiki/api, typed', () => {
    writeFileSync(join(project.root, 'program.ts'), "import { build, loadConfig } from 'livewiki/api';\n\nconst config = await loadConfig({ cwd: process.cwd() });\nconst result = await build(config, { publish: false });\nconst pages: number = result.pages;\nconsole.log(pages);\n");
    const tsconfig = { compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, typeRoots: [join(ROOT, 'node_modules/@types')], types: ['node'] }, files: ['program.ts'] };
    writeFileSync(join(project.root, 'tsconfig.program.json'), JSON.stringify(tsconfig));
    const typed = run(process.execPath, [TSC, '-p', 'tsconfig.program.json'], project.root);
    expect(typed.code, typed.out).toBe(0);
  }, SLOW);
});
