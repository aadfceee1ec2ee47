// What the output folder holds (catalogue U5): pages and data livewiki generates, and the images
// documents show, nothing else. No `.git`, `node_modules` or `.env` is copied, and no tracked
// source file (a spec, a config, a script) lands in the site as it is.
import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { LivewikiJson } from '../../src/output/livewiki-json.ts';
import { build } from '../../src/pipeline/run.ts';
import { filesContaining, listFiles } from '../helpers/files.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';

// A real 1×1 PNG.
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360f8cf000000040001f5d8d6b00000000049454e44ae426082', 'hex');
const SENTINELS = {
  env: 'dotenv-value-sentinel-5c1e',
  nodeModules: 'node-modules-sentinel-9b2d',
  gitConfig: 'git-config-sentinel-41aa',
  ignored: 'ignored-build-output-sentinel-d07f',
};

describe('what the output folder holds (U5)', () => {
  let repo: TestRepo;
  let out: string;
  let tracked: string[];

  beforeAll(async () => {
    repo = TestRepo.init();
    removeAfterFile(repo.root);
    repo
      .write('README.md', '# Shop\n\n![diagram](img/diagram.png)\n\nSee [the guide](docs/guide.md) and [the API](api/openapi.yaml).\n')
      .write('docs/guide.md', '# Guide\n\nRun `./deploy.sh`.\n')
      .write('img/diagram.png', PNG)
      .write('img/unused.png', Buffer.concat([PNG, Buffer.from('unused')]))
      .write('api/openapi.yaml', "openapi: 3.1.0\ninfo:\n  title: Shop\n  version: '1'\npaths:\n  /items:\n    get:\n      responses:\n        '200':\n          description: ok\n")
      .write('config/app.yaml', 'port: 8080\nlog: info\n')
      .write('deploy.sh', '#!/bin/sh\necho deploy\n')
      .write('.env', `DATABASE_URL=${SENTINELS.env}\n`)
      .write('node_modules/left-pad/package.json', `{"name":"left-pad","version":"1.0.0","description":"${SENTINELS.nodeModules}"}\n`)
      .write('node_modules/left-pad/README.md', `# left-pad\n\n${SENTINELS.nodeModules}\n`)
      .write('node_modules/left-pad/index.js', `module.exports = '${SENTINELS.nodeModules}';\n`)
      .write('.gitignore', 'dist/\n');
    repo.commit('Add the shop');
    // Never committed: ignored build output, and the repository's own git data.
    repo.write('dist/bundle.js', `// ${SENTINELS.ignored}\n`);
    repo.git('config', 'livewiki-test.sentinel', SENTINELS.gitConfig);
    tracked = repo.git('ls-files', '-z').split('\0').filter(Boolean);
    out = join(tempDir(), 'site');
    const result = await build(await loadConfig({ cwd: repo.root, out, cache: false }));
    expect(result.published).toBe(true);
    const wiki = JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson;
    // The build documented the repository (so what is absent below was left out, not lost).
    expect(wiki.pages.map((p) => p.sources[0]?.path)).toEqual(expect.arrayContaining(['README.md', 'docs/guide.md', 'api/openapi.yaml', 'config/app.yaml']));
  }, 240_000);

  it('holds only generated files and the images documents show: no .git, node_modules, .env or raw source file', () => {
    const files = listFiles(out);
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const segments = file.split(sep);
      expect(segments, file).not.toContain('.git');
      expect(segments, file).not.toContain('node_modules');
      expect(segments.some((s) => s.startsWith('.env')), file).toBe(false);
    }
    // A tracked file whose exact bytes are in the output was copied as it is: only the image a
    // document shows may be.
    const copied = new Map<string, string[]>();
    const bytes = files.map((f) => [f, readFileSync(join(out, f))] as const);
    for (const path of tracked) {
      const source = readFileSync(join(repo.root, path));
      const same = bytes.filter(([, b]) => b.equals(source)).map(([f]) => f);
      if (same.length > 0) copied.set(path, same);
    }
    expect([...copied.keys()]).toEqual(['img/diagram.png']);
    expect(copied.get('img/diagram.png')!.every((f) => f.startsWith(`_assets${sep}`))).toBe(true);
  });

  it('has no value from .env, node_modules, ignored files or the repository’s git config in any file, compressed search fragments included', () => {
    for (const [name, sentinel] of Object.entries(SENTINELS)) expect(filesContaining(out, sentinel), name).toEqual([]);
  });
});
