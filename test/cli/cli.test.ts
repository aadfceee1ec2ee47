// The command line as a user meets it: help, version, exit codes, config errors in one line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.ts';

const BIN = fileURLToPath(new URL('../../bin/livewiki.js', import.meta.url));
const temps: string[] = [];

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'livewiki-cli-'));
  temps.push(dir);
  return dir;
}

afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe('livewiki command line', () => {
  it('prints help with the build command and its options', () => {
    const r = run(['--help'], tempDir());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('livewiki build [--out DIR] [--config FILE] [--repo PATH]');
  });

  it('prints the package version', () => {
    const r = run(['--version'], tempDir());
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('exits 2 on an unknown option or command', () => {
    expect(run(['build', '--bogus'], tempDir()).code).toBe(2);
    const r = run(['publish'], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "publish"');
  });

  it('exits 2 with a one-line error naming a wrong key and what was expected', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'livewiki.config.json'), '{\n  "title": "Docs",\n  "showEmail": true\n}\n');
    const unknown = run(['build'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe('livewiki: livewiki.config.json:3:3: unknown key "showEmail"; remove it or check its spelling');
    writeFileSync(join(dir, 'livewiki.config.json'), '{\n  "title": "Docs",\n  "failOn": "sometimes"\n}\n');
    const wrong = run(['build'], dir);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim()).toBe('livewiki: livewiki.config.json:3:13: failOn: expected one of "error", "warning", "never"');
  });

  it('exits 2 with a typed error for a wrong type in a TypeScript config', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'livewiki.config.ts'), "export default { repos: [{ path: 42 }] };\n");
    const r = run(['build'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('livewiki.config.ts: repos[0].path: expected string, received number');
  });

  it('says clearly when the directory is not a git repository, and exits 1', () => {
    const dir = tempDir();
    const r = run(['build', '--out', join(dir, 'out')], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a git repository/i);
  });

  it('exits 2 (a usage error, as the README says) when --out is not a folder it may replace, and touches nothing', () => {
    const repo = TestRepo.init();
    temps.push(repo.root);
    repo.write('README.md', '# Demo\n').commit('Add readme');
    const unrelated = tempDir();
    writeFileSync(join(unrelated, 'thesis.tex'), 'mine\n');
    for (const out of ['.', unrelated]) {
      const r = run(['build', '--out', out], repo.root);
      expect(r.code, out).toBe(2);
      expect(r.stderr).toContain('E_OUT_DIR_UNSAFE');
    }
    expect(readFileSync(join(unrelated, 'thesis.tex'), 'utf8')).toBe('mine\n');
  });

  it('says clearly when git is not installed, and exits 1', () => {
    const repo = TestRepo.init();
    temps.push(repo.root);
    repo.write('README.md', '# Demo\n').commit('Add readme');
    const r = run(['build', '--out', join(tempDir(), 'out')], repo.root, { PATH: tempDir() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/E_GIT_MISSING/);
    expect(r.stderr).toMatch(/git/i);
  });

  it('builds the wiki of the repository in the current directory into ./livewiki-dist by default', () => {
    const repo = TestRepo.init();
    temps.push(repo.root);
    repo.write('README.md', '# Demo\n\nHello.\n');
    repo.commit('Add readme');
    const r = run(['build'], repo.root);
    expect(r.stderr).not.toMatch(/error:/);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/built \d+ pages into .*livewiki-dist/);
  });
});
