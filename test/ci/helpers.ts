// Shared by the CI-facing tests: the real CLI in a child process, over real temporary git repos.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestRepo } from '../helpers/git-repo.ts';

export const BIN = fileURLToPath(new URL('../../bin/livewiki.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `livewiki <args>` like a CI job would: no TTY, CI unset unless given. */
export function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '', NO_COLOR: '1', ...env }, maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function cliAsync(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, CI: '', NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const temps: string[] = [];

export function tempDir(prefix = 'livewiki-ci-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

export function cleanupTemps(): void {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A repository named `widgets` (config in its root, untracked) with a guide and a readme. */
export function widgetsRepo(): TestRepo {
  const repo = TestRepo.init();
  temps.push(repo.root);
  // As `livewiki init` recommends: the cache is not part of the repository.
  repo.write('.gitignore', '.livewiki-cache/\n');
  repo.write('README.md', '# Widgets\n\nRead the [setup](docs/guide.md#setup).\n');
  repo.write('docs/guide.md', '# Guide\n\nIntro.\n\n## Setup\n\nRun it.\n\n## Usage\n\nUse it.\n');
  repo.commit({ message: 'Add docs', author: 'Ada Lovelace <ada@example.com>' });
  writeFileSync(join(repo.root, 'livewiki.config.json'), JSON.stringify({ title: 'Widgets', repos: [{ path: '.', name: 'widgets' }] }));
  return repo;
}
