// livewiki removes the temp folders it makes in the system temp folder (staged repository
// images, the TypeDoc sandbox) on every path: a finished build, and a build stopped with
// SIGTERM or SIGINT while each of them exists. The CLI runs with a private TMPDIR that must be
// empty once it has exited.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';
import { BIN, cli } from './helpers.ts';

// A 1x1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** A repository with a doc that shows an image (staged for the site) and a TypeScript package. */
function repoWithAssetsAndTypes(): TestRepo {
  const repo = TestRepo.init();
  removeAfterFile(repo.root);
  repo
    .write('README.md', '# Widgets\n\n![Diagram](docs/diagram.png)\n')
    .write('docs/diagram.png', PNG)
    .write('package.json', `${JSON.stringify({ name: 'calc', version: '1.0.0', types: './src/index.ts' })}\n`)
    .write('tsconfig.json', `${JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext' } })}\n`)
    .write('src/index.ts', '/** Adds. */\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n')
    .commit('Docs, a diagram and a library');
  return repo;
}

/** Runs `livewiki build` with `tmp` as its temp folder; with `signal`, sends it once a folder named `prefix…` appears there. */
async function buildIn(repo: TestRepo, tmp: string, stop?: { signal: NodeJS.Signals; prefix: string }) {
  const out = join(tempDir('livewiki-tf-out-'), 'site');
  const env = { ...process.env, CI: '1', TMPDIR: tmp, TMP: tmp, TEMP: tmp };
  const child = spawn(process.execPath, [BIN, 'build', '--out', out, '--quiet', '--no-cache'], { cwd: repo.root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let seen = false;
  for (let i = 0; stop && i < 6000 && child.exitCode === null; i++) {
    if (readdirSync(tmp).some((e) => e.startsWith(stop.prefix))) {
      seen = child.kill(stop.signal);
      break;
    }
    await sleep(5);
  }
  return { code: await exited, seen, stderr };
}

describe('livewiki temp folders', () => {
  it('leaves nothing in the temp folder after a build that staged images and ran TypeDoc', async () => {
    const repo = repoWithAssetsAndTypes();
    const tmp = tempDir('livewiki-tf-tmp-');
    expect(cli(['build', '--out', join(tempDir('livewiki-tf-out-'), 'site'), '--quiet', '--no-cache'], repo.root, { TMPDIR: tmp }).code).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it.each([
    ['SIGTERM', 'livewiki-assets-', 143],
    ['SIGINT', 'livewiki-assets-', 130],
    ['SIGTERM', 'livewiki-ts-', 143],
  ] as const)('removes them when stopped with %s while %s… exists', async (signal, prefix, code) => {
    const repo = repoWithAssetsAndTypes();
    const tmp = tempDir('livewiki-tf-tmp-');
    const run = await buildIn(repo, tmp, { signal, prefix });
    expect(run.seen, `never saw ${prefix}… in the temp folder`).toBe(true);
    expect(run.code, run.stderr).toBe(code);
    expect(run.stderr).toContain(`interrupted (${signal})`);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
