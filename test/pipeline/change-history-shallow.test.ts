// The change history of a shallow clone (RELIABILITY G4): the boundary commit's diff shows every
// file as added, so its version of a source is a base, never a change. The changelog lists only
// the changes git can show between versions present in the clone, and no operation is said to
// have been "added" by the boundary commit.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { LivewikiJson } from '../../src/output/livewiki-json.ts';
import { build } from '../../src/pipeline/run.ts';
import { isolatedGitEnv, TestRepo } from '../helpers/git-repo.ts';
import { tempDir } from '../helpers/temp.ts';

const spec = (paths: Record<string, object>) => JSON.stringify({ openapi: '3.0.3', info: { title: 'Shallow', version: '1' }, paths }, null, 2);
const op = (id: string) => ({ get: { operationId: id, responses: { '200': { description: 'ok' } } } });

const origin = TestRepo.init();
afterAll(() => origin.cleanup());

describe('change history of a shallow clone', () => {
  it('starts at the boundary: only the pairs present are compared, and the boundary adds nothing', async () => {
    origin.write('api.json', spec({ '/a': op('a') })).commit('A');
    origin.write('api.json', spec({ '/a': op('a'), '/b': op('b') })).commit('Add b (#1)');
    origin.write('api.json', spec({ '/a': op('a'), '/b': op('b'), '/c': op('c') })).commit('Add c (#2)');
    const last = origin.write('api.json', spec({ '/b': op('b'), '/c': op('c') })).commit('Drop a (#3)');
    // Two commits deep: the boundary is "Add c"; "Drop a" is the only pair git can show.
    const clone = join(tempDir('livewiki-changes-shallow-'), 'clone');
    execFileSync('git', ['clone', '-q', '--depth', '2', `file://${origin.root}`, clone], { env: isolatedGitEnv() });
    expect(execFileSync('git', ['-C', clone, 'rev-parse', '--is-shallow-repository'], { encoding: 'utf8' }).trim()).toBe('true');
    const out = join(clone, '..', 'site');
    const result = await build(await loadConfig({ cwd: clone, out, cache: false }));
    expect(result.published).toBe(true);
    const wiki = JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson;
    const changes = wiki.changelog.filter((e) => e.path === 'api.json');
    expect(changes.map((e) => [e.key, e.change, e.breaking, e.commit])).toEqual([['GET /a', 'removed', true, last]]);
  }, 240_000);
});
