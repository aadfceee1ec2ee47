// Every stage hands plain data to the next (issue 11): run the stages one by one, each fed the
// JSON round trip of the previous stages' outputs, and the wiki comes out byte for byte as when
// the same stages run on the original objects. No stage output holds a function.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type ResolvedConfig } from '../../src/config/load.ts';
import { extractRepo, type ExtractedRepo } from '../../src/extract/index.ts';
import { readHistory } from '../../src/history/read.ts';
import { carryLedger } from '../../src/ledger/carry.ts';
import type { Ledger } from '../../src/ledger/ledger.ts';
import { Diagnostics } from '../../src/model/diagnostics.ts';
import type { RepoHistory } from '../../src/model/history.ts';
import type { RepoSnapshot } from '../../src/model/snapshot.ts';
import { pageRecords } from '../../src/output/records.ts';
import { attachProvenance, lineAttribution } from '../../src/provenance/index.ts';
import { createTemplateEnv } from '../../src/render/handlebars.ts';
import { renderSite } from '../../src/render/index.ts';
import { openSnapshots } from '../../src/snapshot/open.ts';
import { openReader } from '../../src/snapshot/reader.ts';
import { buildTree } from '../../src/structure/index.ts';
import { pagesOf } from '../../src/extract/index.ts';
import { makeFixtureWiki, type FixtureWiki } from '../helpers/fixture-wiki.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';

let fixture: FixtureWiki;
let config: ResolvedConfig;

beforeAll(async () => {
  fixture = makeFixtureWiki();
  removeAfterFile(fixture.repo.root);
  // A page published once and since removed (a tombstone must be accounted for by the history).
  fixture.repo.write('docs/gone.md', '# Gone\n\nSoon removed.\n').commit('Add a page that will go');
  fixture.repo.remove('docs/gone.md').commit('Remove the page that went');
  config = { ...(await loadConfig({ cwd: fixture.repo.root, out: tempDir(), cache: false })), tickets: { prefixes: ['OPS'], url: 'https://tracker.example.com/browse/{key}' } };
}, 60_000);


/** A previous build's ledger that knew the guide before its rename, and a page since removed. */
const previous: Ledger = {
  schemaVersion: 1,
  entries: [
    { route: '/widgets/docs/guide/', id: 'widgets/doc/docs/guide.md', title: 'The Guide', repo: 'widgets', state: 'live', anchors: [{ anchor: 'setup', kind: 'heading', key: 'Setup' }] },
    { route: '/widgets/docs/gone/', id: 'widgets/doc/docs/gone.md', title: 'Gone', repo: 'widgets', state: 'live', anchors: [] },
  ],
};

/** Fails on a value JSON cannot carry: functions, Maps, Sets, undefined in arrays. */
function assertPlain(value: unknown, path = '$'): void {
  if (typeof value === 'function') throw new Error(`${path} is a function`);
  if (value instanceof Map || value instanceof Set) throw new Error(`${path} is a ${value.constructor.name}`);
  if (Array.isArray(value)) value.forEach((v, i) => assertPlain(v, `${path}[${i}]`));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) assertPlain(v, `${path}.${k}`);
}

/** The JSON round trip of a stage output (after checking it is plain). */
function rt<T>(value: T): T {
  assertPlain(value);
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Runs the stages; `carry` decides what each stage is fed: the output itself or its round trip. */
async function runStages(carry: <T>(value: T) => T) {
  const diagnostics = new Diagnostics();
  const templates = createTemplateEnv();
  const opened = await openSnapshots(config, diagnostics);
  const repo = opened[0]!;
  const snapshot: RepoSnapshot = carry(repo.snapshot);
  const files = openReader(repo.git, snapshot.id, snapshot.files, snapshot.uncommitted, diagnostics);
  const history: RepoHistory = carry(await readHistory(repo.git, snapshot, { ticketPrefixes: config.tickets.prefixes, diagnostics, store: null }));
  const extracted: ExtractedRepo = carry(await extractRepo(snapshot, files, { templates, store: null }));
  const tree = carry(buildTree('Wiki', [{ repo: extracted.repo, title: extracted.repo, pages: pagesOf(extracted) }], diagnostics));
  const histories = new Map([[snapshot.id, history]]);
  const provenance = carry(
    await attachProvenance({
      tree,
      snapshots: [snapshot],
      histories: new Map([[snapshot.id, { history, lines: lineAttribution(repo.git, snapshot, history, null, diagnostics) }]]),
      recent: config.recent,
      options: { showEmails: false },
    }),
  );
  const records = carry(pageRecords(tree, provenance, { showEmails: false }, diagnostics));
  const ledger = carry(carryLedger(previous, records, histories));
  const rendered = carry(renderSite({ tree, provenance, histories, ledger, repos: [snapshot.id], provOptions: { showEmails: false } }, { templates, store: null, diagnostics }));
  return { outputs: { snapshot, history, extracted, tree, provenance, records, ledger, rendered }, diagnostics: diagnostics.items };
}

describe('plain data between stages', () => {
  it('gives byte-identical records, ledger and pages when every stage is fed the JSON round trip of the last', async () => {
    const direct = await runStages((v) => v);
    const roundTripped = await runStages(rt);
    // Every stage's output is plain (the direct run's objects too).
    for (const [stage, value] of Object.entries(direct.outputs)) expect(() => assertPlain(value, stage)).not.toThrow();
    expect(JSON.stringify(roundTripped.outputs.records)).toBe(JSON.stringify(direct.outputs.records));
    expect(JSON.stringify(roundTripped.outputs.ledger)).toBe(JSON.stringify(direct.outputs.ledger));
    expect(JSON.stringify(roundTripped.outputs.rendered)).toBe(JSON.stringify(direct.outputs.rendered));
    expect(roundTripped.diagnostics).toEqual(direct.diagnostics);
    // The run is not trivial: sections with commits, a redirect and a tombstone from the ledger.
    expect(direct.outputs.records.flatMap((r) => r.sections).filter((s) => s.provenance?.status === 'known').length).toBeGreaterThan(5);
    expect(direct.outputs.ledger.redirects.map((r) => r.entry.route)).toEqual(['/widgets/docs/guide/']);
    expect(direct.outputs.ledger.tombstones.map((t) => t.route)).toEqual(['/widgets/docs/gone/']);
    expect(direct.outputs.rendered.pages.length).toBeGreaterThan(direct.outputs.tree.nodes.length);
  });
});
