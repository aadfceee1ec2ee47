// A CI job's environment never reaches the output or livewiki's children (RELIABILITY C5): the
// command line runs with fake CI secrets in its environment, on a repository that asks for them
// every way it can (`${VAR}`, `$VAR`, `process.env.VAR`, `{{env.VAR}}`, a TypeScript package
// reading process.env, a workflow). `git` on PATH is a wrapper that records the environment each
// git child gets before running the real git.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { filesContaining, listFiles } from '../helpers/files.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';
import { SECRETS } from '../secrets/corpus.ts';

const BIN = fileURLToPath(new URL('../../bin/livewiki.js', import.meta.url));

/** Values a CI runner holds; none has a format the redactor knows except the first two. */
const CI_ENV: Record<string, string> = {
  GITHUB_TOKEN: SECRETS.github,
  NPM_TOKEN: SECRETS.npm,
  AWS_SECRET_ACCESS_KEY: 'ciEnvAwsSecretValue0001',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'ciEnvOidcRequestValue0002',
  ACTIONS_RUNTIME_TOKEN: 'ciEnvRuntimeValue0003',
  LIVEWIKI_ENV_CANARY: 'ciEnvCanaryValue0004',
};

let out: string;
let log: string;
let run: { status: number | null; stdout: string; stderr: string };

beforeAll(() => {
  const repo = TestRepo.init();
  removeAfterFile(repo.root);
  const refs = Object.keys(CI_ENV).map((k) => `- \${${k}} $${k} {{env.${k}}} process.env.${k} %${k}%`).join('\n');
  repo
    .write('README.md', `# CI\n\n${refs}\n\n\`\`\`sh\necho "$GITHUB_TOKEN"\n\`\`\`\n`)
    .write('.env.example', Object.keys(CI_ENV).map((k) => `${k}=\${${k}}`).join('\n') + '\n')
    .write('.github/workflows/ci.yml', `on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    env:\n      GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}\n    steps:\n      - run: echo "$GITHUB_TOKEN"\n`)
    .write('package.json', JSON.stringify({ name: 'ci', version: '1.0.0', types: './src/index.ts' }) + '\n')
    .write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext', types: [] } }) + '\n')
    .write('src/index.ts', `declare const process: { env: Record<string, string | undefined> };\n/** The token the job runs with. */\nexport const token = process.env.GITHUB_TOKEN ?? '';\n/** The canary. */\nexport const canary: string = process.env['LIVEWIKI_ENV_CANARY'] ?? '';\n`)
    .commit('CI environment references');

  // A `git` that writes down its environment, then runs the real one.
  const bin = tempDir('livewiki-c5-bin-');
  log = join(bin, 'git-env.log');
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  writeFileSync(join(bin, 'git'), `#!/bin/sh\n{ echo '--- git' "$1"; env; } >> '${log}'\nexec '${realGit}' "$@"\n`);
  chmodSync(join(bin, 'git'), 0o755);

  out = join(tempDir('livewiki-c5-'), 'site');
  const r = spawnSync(process.execPath, [BIN, 'build', '--repo', repo.root, '--out', out, '--no-cache', '--verbose', '--format', 'json', '--json'], {
    cwd: repo.root,
    encoding: 'utf8',
    env: { ...process.env, ...CI_ENV, PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, NO_COLOR: '1' },
  });
  run = { status: r.status, stdout: r.stdout, stderr: r.stderr };
}, 240_000);

describe('CI secrets in the environment (C5)', () => {
  it('builds the site, with git run through the recording wrapper', () => {
    expect(run.status, run.stderr).toBe(0);
    expect(listFiles(out).length).toBeGreaterThan(10);
    expect(readFileSync(log, 'utf8')).toContain('--- git');
    // The TypeScript package was documented: the TypeDoc child ran too.
    expect(filesContaining(out, 'The token the job runs with').length).toBeGreaterThan(0);
  });

  it('puts no environment value in any output file (search index, livewiki.json, JS chunks included) nor in what it prints', () => {
    for (const [name, value] of Object.entries(CI_ENV)) {
      expect(filesContaining(out, value), name).toEqual([]);
      expect(run.stdout.includes(value) || run.stderr.includes(value), name).toBe(false);
    }
    // The references are shown as written: the page says what the repository says.
    expect(filesContaining(out, '${GITHUB_TOKEN}').length).toBeGreaterThan(0);
  });

  it('hands no environment value to git', () => {
    const env = readFileSync(log, 'utf8');
    for (const [name, value] of Object.entries(CI_ENV)) {
      expect(env.includes(value), name).toBe(false);
      expect(env).not.toMatch(new RegExp(`^${name}=`, 'm'));
    }
  });
});
