// Section provenance skips the revisions listed in `.git-blame-ignore-revs` (a formatter run)
// the way `git blame --first-parent --ignore-revs-file` does, and says where a bad line is.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { LivewikiJson } from '../../src/output/livewiki-json.ts';
import { build, type BuildResult } from '../../src/pipeline/build.ts';
import { firstParentOrder } from '../helpers/git-truth.ts';
import { TestRepo } from '../helpers/git-repo.ts';

let repo: TestRepo;
let out: string;
let result: BuildResult;
let wiki: LivewikiJson;
const shas: Record<string, string> = {};

/** The newest commit git blames lines a..b on, skipping the formatter (git dies on the bad line). */
function blamedIgnoring(path: string, [a, b]: [number, number]): string {
  const list = join(out, '..', 'ignore-revs');
  writeFileSync(list, `${shas.format}\n`);
  const text = repo.git('blame', '--first-parent', '--porcelain', '--ignore-revs-file', list, '-L', `${a},${b}`, 'HEAD', '--', path);
  const found = new Set(text.split('\n').filter((l) => /^[0-9a-f]{40} \d+ \d+/.test(l)).map((l) => l.slice(0, 40)));
  const order = firstParentOrder(repo);
  return [...found].sort((x, y) => order.get(x)! - order.get(y)!)[0]!;
}

beforeAll(async () => {
  repo = TestRepo.init();
  const doc = (bullet: string, setup: string): string =>
    `# Guide\n\nIntro.\n\n## Setup\n\n${bullet} ${setup}\n${bullet} Then run it.\n\n## Tuning\n\n${bullet} Tune the knobs.\n${bullet} Measure.\n`;
  repo.write('docs/guide.md', doc('*', 'Install it.'));
  shas.initial = repo.commit('Initial guide');
  repo.write('docs/guide.md', doc('*', 'Install it with care.'));
  shas.setup = repo.commit('Explain setup');
  repo.write('docs/guide.md', doc('-', 'Install it with care.'));
  shas.format = repo.commit('Format: dashes for bullets');
  repo.write('.git-blame-ignore-revs', `# bulk formatting\n${shas.format}  # prettier\nabc123\n`);
  repo.commit('Ignore the formatting commit in blame');
  out = join(mkdtempSync(join(tmpdir(), 'livewiki-out-')), 'site');
  const config = await loadConfig({ cwd: repo.root, out });
  result = await build(config);
  wiki = JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson;
}, 180_000);

afterAll(() => {
  repo.cleanup();
  if (out && existsSync(join(out, '..'))) rmSync(join(out, '..'), { recursive: true, force: true });
});

describe('ignored revisions in section provenance', () => {
  it('credits each section with git blame --ignore-revs-file, never the formatter commit', () => {
    const guide = wiki.pages.find((p) => p.sources[0]?.path === 'docs/guide.md');
    expect(guide).toBeDefined();
    const sections = guide!.sections.filter((s) => s.sources[0]?.lines);
    expect(sections.length).toBeGreaterThanOrEqual(2);
    const commits = sections.map((s) => {
      const src = s.sources[0]!;
      expect(s.provenance?.commit, s.id).toBe(blamedIgnoring(src.path, src.lines!));
      return s.provenance!.commit;
    });
    expect(commits).not.toContain(shas.format);
    expect(commits).toContain(shas.setup);
  });

  it('reports a bad line of .git-blame-ignore-revs where it is, and builds', () => {
    expect(result.published).toBe(true);
    const bad = result.diagnostics.filter((d) => d.code === 'W_IGNORE_REVS_INVALID');
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ file: '.git-blame-ignore-revs', line: 3, severity: 'warning' });
    expect(bad[0]!.message).toMatch(/abc123/);
  });
});
