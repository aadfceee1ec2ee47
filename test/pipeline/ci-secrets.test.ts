// What a CI job has in reach never reaches the children livewiki starts or its output (catalogue
// C3, C5): an `.npmrc` token in the repository is never published, nothing is installed, and the
// TypeDoc child and git get none of the CI's environment.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { build } from '../../src/pipeline/run.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';

function allFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((p) => statSync(join(dir, p)).isFile());
}

/** The environments of this process's descendants seen while `work` runs (Linux /proc). */
async function childEnvironments<T>(work: () => Promise<T>): Promise<{ result: T; seen: Map<number, { cmd: string; env: string }> }> {
  const seen = new Map<number, { cmd: string; env: string }>();
  const parents = new Map<number, number>();
  const scan = (): void => {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const pid = Number(name);
      if (seen.has(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        parents.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
        let p = parents.get(pid);
        let descendant = false;
        for (let hops = 0; p !== undefined && p > 1 && hops < 10; hops++) {
          if (p === process.pid) {
            descendant = true;
            break;
          }
          p = parents.get(p) ?? Number((() => {
            const s = readFileSync(`/proc/${p}/stat`, 'utf8');
            return s.slice(s.lastIndexOf(')') + 2).split(' ')[1];
          })());
        }
        if (!descendant) continue;
        seen.set(pid, { cmd: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '), env: readFileSync(`/proc/${pid}/environ`, 'utf8') });
      } catch {
        // The process ended meanwhile.
      }
    }
  };
  const timer = setInterval(scan, 5);
  try {
    const result = await work();
    return { result, seen };
  } finally {
    clearInterval(timer);
  }
}

describe.skipIf(process.platform !== 'linux')('the CI environment stays out of children and output (C3, C5)', () => {
  it('publishes no .npmrc token, installs nothing, and gives git and TypeDoc none of the CI variables', async () => {
    const NPM_TOKEN = 'npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
    const CI_TOKEN = 'ghp_ciTokenThatMustStayInTheCiJob0000000000';
    const canary = join(tempDir(), 'pwned-postinstall');
    const r = TestRepo.init();
    removeAfterFile(r.root);
    r.write('.npmrc', `//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nalways-auth=true\n`);
    r.write('package.json', JSON.stringify({ name: 'pkg', version: '1.0.0', types: 'src/index.ts', scripts: { postinstall: `node -e "require('fs').writeFileSync('${canary}','x')"`, prepare: `touch ${canary}` } }));
    r.write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }));
    r.write('src/index.ts', '/** Adds. */\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n');
    r.write('README.md', '# Pkg\n\nSee the [npm config](.npmrc).\n');
    r.commit('Add package');
    const out = join(tempDir(), 'site');
    const config = await loadConfig({ cwd: r.root, out, cache: false });
    const saved = { GITHUB_TOKEN: process.env.GITHUB_TOKEN, NPM_TOKEN: process.env.NPM_TOKEN, ACTIONS_RUNTIME_TOKEN: process.env.ACTIONS_RUNTIME_TOKEN };
    process.env.GITHUB_TOKEN = CI_TOKEN;
    process.env.NPM_TOKEN = NPM_TOKEN;
    process.env.ACTIONS_RUNTIME_TOKEN = CI_TOKEN;
    let seen: Map<number, { cmd: string; env: string }>;
    try {
      const run = await childEnvironments(() => build(config));
      expect(run.result.published).toBe(true);
      seen = run.seen;
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    // The children were seen: git, and the TypeDoc child (node with the permission model).
    const commands = [...seen.values()].map((s) => s.cmd);
    expect(commands.some((c) => /(^|\/)git /.test(c))).toBe(true);
    const typedoc = [...seen.values()].filter((s) => s.cmd.includes('--permission'));
    expect(typedoc.length).toBeGreaterThan(0);
    // The children that read repository content: git and the TypeDoc child. (Astro's own
    // children, esbuild and Vite's, build livewiki's generated pages in-process and are not
    // checked here.)
    const readers = [...seen.values()].filter((s) => /(^|\/)git /.test(s.cmd) || s.cmd.includes('--permission'));
    for (const { cmd, env } of readers) {
      expect(env, cmd).not.toContain(CI_TOKEN);
      expect(env, cmd).not.toContain(NPM_TOKEN);
      expect(env, cmd).not.toMatch(/(^|\0)(GITHUB_TOKEN|NPM_TOKEN|ACTIONS_RUNTIME_TOKEN)=/);
    }
    for (const { env } of typedoc) expect(env.split('\0').filter(Boolean)).toEqual(['LANG=C']);
    // Nothing was installed or run from package.json.
    expect(existsSync(canary)).toBe(false);
    expect(existsSync(join(r.root, 'node_modules'))).toBe(false);
    const dist = allFiles(out).map((f) => readFileSync(join(out, f), 'latin1')).join('\n');
    expect(dist).not.toContain(NPM_TOKEN);
    expect(dist).not.toContain(CI_TOKEN);
    expect(dist).not.toContain('_authToken=npm_');
  }, 180_000);
});
