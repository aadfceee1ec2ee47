// A repository's `exclude` globs leave those tracked paths out of everything livewiki reads:
// Markdown, OpenAPI descriptions, configuration files and TypeScript packages alike (a vendored
// third-party folder, such as this project's own test/corpus, is not the project's documentation).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { LivewikiJson } from '../../src/output/livewiki-json.ts';
import { build } from '../../src/pipeline/run.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';

const SPEC = 'openapi: 3.1.0\ninfo: {title: Third party, version: "1"}\npaths:\n  /things:\n    get:\n      responses:\n        "200": {description: ok}\n';
const BROKEN_SPEC = 'openapi: 3.1.0\ninfo: {title: Broken}\npaths: {}\n'; // no version: an error if read

describe('exclude', () => {
  it('leaves excluded paths out of docs, API descriptions, configuration and TypeScript', async () => {
    const repo = TestRepo.init();
    removeAfterFile(repo.root);
    repo
      .write('README.md', '# Project\n\nOurs.\n')
      .write('api/ours.yaml', SPEC.replace('Third party', 'Ours'))
      .write('deploy/values.yaml', '# -- replicas\nreplicas: 1\n')
      .write('third_party_data/guide.md', '# Their guide\n')
      .write('third_party_data/api.yaml', SPEC)
      .write('third_party_data/broken.yaml', BROKEN_SPEC)
      .write('third_party_data/values.yaml', '# -- theirs\ntheirs: 1\n')
      .write('third_party_data/pkg/package.json', '{"name":"theirs","version":"1.0.0","types":"index.ts"}\n')
      .write('third_party_data/pkg/index.ts', '/** Theirs. */\nexport const theirs = 1;\n')
      .write('livewiki.config.json', JSON.stringify({ repos: [{ path: '.', name: 'p', exclude: ['third_party_data/**'] }] }))
      .commit('Project with a vendored folder');
    const out = join(tempDir('livewiki-exclude-'), 'site');
    const result = await build(await loadConfig({ cwd: repo.root, out, cache: false }));
    expect(result.published).toBe(true);
    // The broken spec would be an error if it were read at all.
    expect(result.diagnostics.filter((d) => d.file?.startsWith('third_party_data/'))).toEqual([]);
    const wiki = JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson;
    const sources = wiki.pages.flatMap((p) => p.sources.map((s) => s.path));
    // The project's own files are there (docs, API, configuration)...
    expect(sources).toEqual(expect.arrayContaining(['README.md', 'api/ours.yaml', 'deploy/values.yaml']));
    // ...and nothing of the excluded folder, whatever the extractor.
    expect(sources.filter((s) => s.startsWith('third_party_data/'))).toEqual([]);
    expect(wiki.pages.filter((p) => /theirs|third.party/i.test(`${p.id} ${p.title}`)).map((p) => p.id)).toEqual([]);
  });
});
