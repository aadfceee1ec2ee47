// A wiki of two repositories, as a team documents them: `alpha` (the widgets fixture: merges,
// renames, co-authors, tickets) and `beta` (on-call runbooks whose commits land between alpha's).
// Used by the recent-changes tests and by scripts/screenshots.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.ts';
import { build, type BuildResult } from '../../src/pipeline/run.ts';
import { makeFixtureWiki, type FixtureWiki } from '../helpers/fixture-wiki.ts';
import { TestRepo } from '../helpers/git-repo.ts';

export interface TwoRepoWiki {
  alpha: FixtureWiki;
  beta: { repo: TestRepo; shas: Record<string, string> };
  /** Folder holding the config file and the output. */
  root: string;
  outDir: string;
  result: BuildResult;
  cleanup(): void;
}

const DANA = 'Dana Oncall <dana@example.com>';
const ERIK = 'Erik Ops <erik@example.com>';

export function makeRunbooks(): { repo: TestRepo; shas: Record<string, string> } {
  const repo = TestRepo.init();
  const shas: Record<string, string> = {};
  repo.git('remote', 'add', 'origin', 'git@github.com:acme/runbooks.git');
  repo
    .write('README.md', '# Runbooks\n\nWhat to do when things break.\n')
    .write(
      'runbooks/database-failover.md',
      '# Database failover\n\nWhen the primary database stops answering.\n\n## Detect\n\nThe `db-primary-down` alert fires.\n\n## Promote the replica\n\nRun `dbctl promote replica-1`.\n\n## Verify\n\nCheck that writes succeed.\n',
    );
  shas.initial = repo.commit({ author: DANA, message: 'Add database failover runbook', date: '2024-01-03T12:00:00Z' });
  repo.write('runbooks/cache-flush.md', '# Cache flush\n\nFlushing the edge cache safely.\n\n## Steps\n\nRun `cachectl flush --region all`.\n');
  shas.cache = repo.commit({ author: ERIK, message: 'OPS-21: document the cache flush (#4)', date: '2024-01-04T09:30:00Z' });
  repo.write(
    'runbooks/database-failover.md',
    '# Database failover\n\nWhen the primary database stops answering.\n\n## Detect\n\nThe `db-primary-down` alert fires; check the replication lag dashboard too.\n\n## Promote the replica\n\nRun `dbctl promote replica-1`.\n\n## Verify\n\nCheck that writes succeed.\n',
  );
  shas.detect = repo.commit({ author: DANA, message: 'Failover: check replication lag first (#7)', date: '2024-02-02T02:40:00Z' });
  return { repo, shas };
}

/** Builds the two-repository wiki (ticket prefix OPS) into a fresh temporary folder. */
export async function buildTwoRepoWiki(): Promise<TwoRepoWiki> {
  const alpha = makeFixtureWiki();
  const beta = makeRunbooks();
  const root = mkdtempSync(join(tmpdir(), 'livewiki-two-repos-'));
  writeFileSync(
    join(root, 'livewiki.config.json'),
    JSON.stringify({
      title: 'Acme wiki',
      repos: [
        { path: alpha.repo.root, name: 'alpha' },
        { path: beta.repo.root, name: 'beta' },
      ],
      tickets: { prefixes: ['OPS'], url: 'https://tracker.example.com/browse/{key}' },
    }),
  );
  const outDir = join(root, 'site');
  const config = await loadConfig({ cwd: root, out: outDir });
  const result = await build(config);
  return {
    alpha,
    beta,
    root,
    outDir,
    result,
    cleanup() {
      alpha.repo.cleanup();
      beta.repo.cleanup();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
