// Section provenance skips the revisions listed in `.git-blame-ignore-revs` (a formatter run) and
// in `history.ignoreRevs` the way `git blame --first-parent --ignore-revs-file` does, and says
// where a bad line is.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { LivewikiJson } from '../../src/output/livewiki-json.ts';
import { build, type BuildResult } from '../../src/pipeline/run.ts';
import { firstParentOrder } from '../helpers/git-truth.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { tempDir } from '../helpers/temp.ts';

let repo: TestRepo;
let work: string;
const shas: Record<string, string> = {};

/** The newest commit git blames lines a..b on, skipping `revs`. */
function blamedIgnoring(revs: string[], path: string, [a, b]: [number, number]): string {
  const list = join(work, 'ignore-revs');
  writeFileSync(list, revs.map((r) => `${r}\n`).join(''));
  const text = repo.git('blame', '--first-parent', '--porcelain', '--ignore-revs-file', list, '-L', `${a},${b}`, 'HEAD', '--', path);
  const found = new Set(text.split('\n').filter((l) => /^[0-9a-f]{40} \d+ \d+/.test(l)).map((l) => l.slice(0, 40)));
  const order = firstParentOrder(repo);
  return [...found].sort((x, y) => order.get(x)! - order.get(y)!)[0]!;
}

async function buildWith(ignoreRevs: string[] | null): Promise<{ result: BuildResult; wiki: LivewikiJson }> {
  const out = join(tempDir('livewiki-out-'), 'site');
  const config = await loadConfig({ cwd: repo.root, out, cache: false });
  const result = await build(ignoreRevs ? { ...config, ignoreRevs } : config);
  return { result, wiki: JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson };
}

function sectionsOf(wiki: LivewikiJson, path: string) {
  const page = wiki.pages.find((p) => p.sources[0]?.path === path);
  expect(page).toBeDefined();
  const sections = page!.sections.filter((s) => s.sources[0]?.lines);
  expect(sections.length).toBeGreaterThanOrEqual(2);
  return sections;
}

let fromFile: { result: BuildResult; wiki: LivewikiJson };
let fromConfig: { result: BuildResult; wiki: LivewikiJson };

beforeAll(async () => {
  work = tempDir('livewiki-ignore-revs-');
  repo = TestRepo.init();
  const doc = (bullet: string, setup: string): string =>
    `# Guide\n\nIntro.\n\n## Setup\n\n${bullet} ${setup}\n${bullet} Then run it.\n\n## Tuning\n\n${bullet} Tune the knobs.\n${bullet} Measure.\n`;
  repo.write('docs/guide.md', doc('*', 'Install it.'));
  repo.write('docs/notes.md', '# Notes\n\n## One\n\nfirst  note\n\n## Two\n\nsecond  note\n');
  shas.initial = repo.commit('Initial guide');
  repo.write('docs/guide.md', doc('*', 'Install it with care.'));
  shas.setup = repo.commit('Explain setup');
  repo.write('docs/guide.md', doc('-', 'Install it with care.'));
  shas.format = repo.commit('Format: dashes for bullets');
  // A whitespace sweep, listed only in the configuration.
  repo.write('docs/notes.md', '# Notes\n\n## One\n\nfirst note\n\n## Two\n\nsecond note\n');
  shas.sweep = repo.commit('Whitespace sweep');
  repo.write('.git-blame-ignore-revs', `# bulk formatting\n${shas.format}  # prettier\nabc123\n`);
  repo.commit('Ignore the formatting commit in blame');
  fromFile = await buildWith(null);
  fromConfig = await buildWith([shas.sweep!]);
}, 240_000);

afterAll(() => repo.cleanup());

describe('ignored revisions in section provenance', () => {
  it('credits each section with git blame --ignore-revs-file, never the formatter commit', () => {
    const commits = sectionsOf(fromFile.wiki, 'docs/guide.md').map((s) => {
      const src = s.sources[0]!;
      expect(s.provenance?.commit, s.id).toBe(blamedIgnoring([shas.format!], src.path, src.lines!));
      return s.provenance!.commit;
    });
    expect(commits).not.toContain(shas.format);
    expect(commits).toContain(shas.setup);
  });

  it('skips the commits of history.ignoreRevs too, with the repository file', () => {
    // Without the configured list the sweep is every section's last change, as git blame says.
    for (const s of sectionsOf(fromFile.wiki, 'docs/notes.md')) expect(s.provenance?.commit, s.id).toBe(shas.sweep);
    const commits = sectionsOf(fromConfig.wiki, 'docs/notes.md').map((s) => {
      const src = s.sources[0]!;
      expect(s.provenance?.commit, s.id).toBe(blamedIgnoring([shas.format!, shas.sweep!], src.path, src.lines!));
      return s.provenance!.commit;
    });
    expect(commits).not.toContain(shas.sweep);
    // The repository's file still applies.
    for (const s of sectionsOf(fromConfig.wiki, 'docs/guide.md')) expect(s.provenance?.commit, s.id).not.toBe(shas.format);
  });

  it('reports a bad line of .git-blame-ignore-revs where it is, and builds', () => {
    expect(fromFile.result.published).toBe(true);
    const bad = fromFile.result.diagnostics.filter((d) => d.code === 'W_IGNORE_REVS_INVALID');
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ file: '.git-blame-ignore-revs', line: 3, severity: 'warning' });
    expect(bad[0]!.message).toMatch(/abc123/);
  });
});
