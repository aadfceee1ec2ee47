// `livewiki build` checks internal links and #anchors as `check` does (audit D6, catalogue M10, U3):
// each broken one is reported at its source file and line and the build exits 1, so the
// GitHub Action's default command fails the job; the site is still published (README, "Broken
// links": one broken link must not hold back every other page's update).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from '../helpers/git-repo.ts';
import { cleanupTemps, cli, tempDir } from './helpers.ts';

afterAll(cleanupTemps);

describe('livewiki build with a broken anchor', () => {
  it('reports it located like check does, exits 1, and publishes the rest', () => {
    const repo = TestRepo.init();
    repo.write('a.md', '# A\n\n[setup](b.md#set-up)\n').write('b.md', '# B\n\n## Setup\n').commit('docs');
    const root = tempDir();
    const out = join(root, 'site');
    const built = cli(['build', '--repo', repo.root, '--out', out, '--format', 'json', '--no-cache'], root);
    const checked = cli(['check', '--repo', repo.root, '--format', 'json', '--no-cache'], root);
    repo.cleanup();
    expect(built.code).toBe(1);
    expect(checked.code).toBe(1);
    const anchor = (stdout: string) => (JSON.parse(stdout) as { code: string; file?: string; line?: number; message: string }[]).filter((d) => d.code.startsWith('E_LINK'));
    expect(anchor(built.stdout)).toEqual(anchor(checked.stdout));
    expect(anchor(built.stdout)).toEqual([expect.objectContaining({ code: 'E_LINK_ANCHOR', file: 'a.md', line: 3 })]);
    expect(existsSync(join(out, 'livewiki.json'))).toBe(true);
    expect(readFileSync(join(out, 'livewiki.json'), 'utf8')).toContain('"title": "A"');
  });
});
