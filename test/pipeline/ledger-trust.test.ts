// The URL ledger is read back from disk, so nothing in it is trusted (audit D1): a removal link is
// http(s) only and re-made from the history, a tombstone the history cannot account for is
// dropped (and stays dropped after the commit that planted it is reverted), a redirect never
// leaves the site, and a ledger git tracks is not read at all.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, type ResolvedConfig } from '../../src/config/load.ts';
import type { Ledger } from '../../src/ledger/ledger.ts';
import { build } from '../../src/pipeline/run.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';

async function configOf(repo: TestRepo, out: string): Promise<ResolvedConfig> {
  const config = await loadConfig({ cwd: repo.root, out, cache: false });
  return { ...config, repos: config.repos.map((r) => ({ ...r, name: 'victim' })) };
}

const html = (out: string) =>
  readdirSync(out, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .map((f) => readFileSync(join(out, f), 'utf8'))
    .join('\n');

const ledgerOf = (out: string) => JSON.parse(readFileSync(join(out, 'livewiki-ledger.json'), 'utf8')) as Ledger;

describe('a forged URL ledger', () => {
  it('loses its script links, invented tombstones and off-site redirects; real removals are re-made from the history', async () => {
    const repo = TestRepo.init();
    removeAfterFile(repo.root);
    repo.write('README.md', '# Victim\n\nHarmless intro.\n').write('docs/legacy.md', '# Legacy\n\nOld.\n').commit('init');
    const out = join(tempDir(), 'site');
    expect((await build(await configOf(repo, out))).published).toBe(true);
    repo.remove('docs/legacy.md');
    const removal = repo.commit({ message: 'Remove the legacy page', author: 'Dana Doe <dana@example.com>' });
    expect((await build(await configOf(repo, out))).published).toBe(true);

    const ledger = ledgerOf(out);
    const legacy = ledger.entries.find((e) => e.route === '/victim/docs/legacy/')!;
    expect(legacy.state).toBe('tombstone');
    expect(legacy.removed?.commit).toBe(removal);
    // The attacker's edits (audit D1), in the output folder a later build reads.
    legacy.removed = { ...legacy.removed!, subject: 'Moved - follow the commit link', authors: ['Security Team'], url: 'javascript:alert(document.domain)' };
    const forged = [
      { route: '/victim/runbooks/failover/', id: 'victim/doc/runbooks/failover.md', title: 'Failover runbook', repo: 'victim', state: 'tombstone', anchors: [], removed: { commit: '0'.repeat(40), subject: 'Moved', authors: ['Security Team'], committedAt: '2024-05-01T00:00:00Z', url: 'javascript:alert(1)' } },
      { route: '/victim/away/', id: 'victim/doc/away.md', title: 'Away', repo: 'victim', state: 'redirect', to: '//evil.example/', anchors: [] },
      { route: '/victim/../../etc/', id: 'victim/doc/x.md', title: 'X', repo: 'victim', state: 'live', anchors: [] },
      { route: '/victim/ghost/', id: 'victim/doc/ghost.md', title: 'Ghost', repo: 'victim', state: 'live', anchors: [] },
    ];
    writeFileSync(join(out, 'livewiki-ledger.json'), JSON.stringify({ schemaVersion: 1, entries: [...ledger.entries, ...forged] }));

    const result = await build(await configOf(repo, out));
    expect(result.published).toBe(true);
    const dropped = result.diagnostics.filter((d) => d.code === 'W_LEDGER_ENTRY_DROPPED').map((d) => d.message);
    expect(dropped.join('\n')).toContain('2 entries of the previous URL ledger');
    expect(dropped.join('\n')).toContain('/victim/runbooks/failover/');
    expect(dropped.join('\n')).toContain('/victim/ghost/');
    const site = html(out);
    expect(site).not.toMatch(/href="(javascript|\/\/evil)/);
    expect(site).not.toContain('Security Team');
    expect(site).not.toContain('Failover runbook');
    const page = readFileSync(join(out, 'victim/docs/legacy/index.html'), 'utf8');
    expect(page).toContain('Dana Doe');
    expect(page).toContain('Remove the legacy page');
    const routes = ledgerOf(out).entries.map((e) => e.route);
    expect(routes).not.toEqual(expect.arrayContaining(['/victim/runbooks/failover/']));
    expect(routes.filter((r) => r.includes('..') || r === '/victim/away/' || r === '/victim/ghost/')).toEqual([]);

    // The planted entries do not come back after the commit is reverted (they were never carried).
    repo.write('docs/legacy.md', '# Legacy\n\nOld.\n').commit('Revert "Remove the legacy page"');
    expect((await build(await configOf(repo, out))).published).toBe(true);
    expect(ledgerOf(out).entries.map((e) => e.route)).not.toEqual(expect.arrayContaining(['/victim/runbooks/failover/']));
    expect(ledgerOf(out).entries.find((e) => e.route === '/victim/docs/legacy/')?.state).toBe('live');
  }, 240_000);

  it('is not read from an output folder that git tracks (a ledger committed to the repository)', async () => {
    const repo = TestRepo.init();
    removeAfterFile(repo.root);
    repo.write('README.md', '# Victim\n').commit('init');
    const out = join(repo.root, 'livewiki-dist');
    expect((await build(await configOf(repo, out))).published).toBe(true);
    const ledger = ledgerOf(out);
    ledger.entries.push({ route: '/victim/docs/planted/', id: 'victim/doc/docs/planted.md', title: 'Planted', repo: 'victim', state: 'live', anchors: [] });
    writeFileSync(join(out, 'livewiki-ledger.json'), JSON.stringify(ledger));
    repo.commit('commit the site');
    const result = await build(await configOf(repo, out));
    expect(result.diagnostics.find((d) => d.code === 'W_LEDGER_UNTRUSTED')?.message).toContain('git tracks it');
    expect(ledgerOf(out).entries.map((e) => e.route)).not.toContain('/victim/docs/planted/');
  }, 240_000);
});
