// Line attribution as the provenance stage uses it: files blamed up front by the one-pass engine,
// answers equal to git blame --first-parent, files the engine cannot vouch for blamed by git and
// reported (I_BLAME_FALLBACK), blames cached by blob with the ignored revisions in the key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CacheStore } from '../../src/cache/index.ts';
import { loadConfig } from '../../src/config/load.ts';
import { readHistory } from '../../src/history/read.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import { lineAttribution } from '../../src/provenance/lines.ts';
import { openSnapshots, type OpenedRepo } from '../../src/snapshot/open.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { lastChangeOfLines } from '../helpers/git-truth.ts';
import { tempDir } from '../helpers/temp.ts';

let repo: TestRepo;
const NEWLINE = 'odd\nname.md';
const shas: Record<string, string> = {};

beforeAll(() => {
  repo = TestRepo.init();
  repo.write('a.md', '# A\n\none\ntwo\nthree\n').write(NEWLINE, '# Odd\n\nfirst\n');
  shas.first = repo.commit('First');
  repo.write('a.md', '# A\n\none\nTWO\nthree\n').write(NEWLINE, '# Odd\n\nfirst\nsecond\n');
  shas.second = repo.commit('Second');
  repo.write('a.md', '# A\n\none\n  TWO\nthree\n');
  shas.indent = repo.commit('Indent');
});

afterAll(() => repo.cleanup());

async function open(): Promise<{ opened: OpenedRepo; diagnostics: Diagnostics; history: Awaited<ReturnType<typeof readHistory>> }> {
  const diagnostics = new Diagnostics();
  const config = await loadConfig({ cwd: repo.root, out: tempDir(), cache: false });
  const [opened] = await openSnapshots(config, diagnostics);
  const history = await readHistory(opened!.git, opened!.snapshot, { ticketPrefixes: [], diagnostics, store: null });
  return { opened: opened!, diagnostics, history };
}

describe('line attribution through the one-pass engine', () => {
  it('answers like git blame for every range, and reports the file git had to blame', async () => {
    const { opened, diagnostics, history } = await open();
    expect(opened.snapshot.files.map((f) => f.path)).toContain(NEWLINE);
    const lines = lineAttribution(opened.git, opened.snapshot, history, null, diagnostics);
    await lines.prepare(['a.md', NEWLINE]);
    for (const [path, range] of [['a.md', [3, 3]], ['a.md', [4, 4]], ['a.md', [1, 5]], [NEWLINE, [3, 3]], [NEWLINE, [4, 4]]] as const) {
      const change = await lines.lastChangeOfLines(path, [...range]);
      expect(change.status === 'known' && change.commit.sha, `${path} ${range}`).toBe(lastChangeOfLines(repo, path, [...range]));
    }
    const fallback = diagnostics.items.filter((d) => d.code === 'I_BLAME_FALLBACK');
    expect(fallback).toHaveLength(1);
    expect(fallback[0]).toMatchObject({ severity: 'info' });
    expect(fallback[0]!.message).toMatch(/^1 of 2 file\(s\)/);
  });

  it('caches blames by blob, separately for each set of ignored revisions', async () => {
    const dir = tempDir('livewiki-blame-cache-');
    const run = async (ignoreRevs: string[]) => {
      const { opened, diagnostics, history } = await open();
      const store = new CacheStore(dir, 'salt', diagnostics);
      const lines = lineAttribution(opened.git, opened.snapshot, history, store, diagnostics, { ignoreRevs });
      await lines.prepare(['a.md']);
      const change = await lines.lastChangeOfLines('a.md', [4, 4]);
      return { sha: change.status === 'known' ? change.commit.sha : null, stats: store.stats().byKind.blame };
    };
    expect(await run([])).toMatchObject({ sha: shas.indent, stats: { hits: 0, misses: 1 } });
    expect(await run([])).toMatchObject({ sha: shas.indent, stats: { hits: 1, misses: 0 } });
    // Skipping the re-indent is another answer: not the cached one.
    expect(await run([shas.indent!])).toMatchObject({ sha: shas.second, stats: { hits: 0, misses: 1 } });
    expect(await run([shas.indent!])).toMatchObject({ sha: shas.second, stats: { hits: 1, misses: 0 } });
  });
});
