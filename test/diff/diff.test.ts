// `livewiki diff` (issue 15.3): the wiki at two commits compared without a site, over a scripted
// pull request that renames a document, edits a section, removes an API operation and adds a
// secret (and a broken link). Every item must be in the JSON (checked field by field, against git
// for the commits and files), in the Markdown, and in the GitHub comment and job summary.
// Bad input (an unknown ref, a shallow clone without the base, a ledger newer than the base) is
// one line that says what to do, never a wrong report.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { diffMarkdown, githubComment, runDiff, type DiffReport } from '../../src/diff/index.ts';
import { LEDGER_FILE } from '../../src/ledger/index.ts';
import { repoSlug } from '../../src/model/ids.ts';
import { isolatedGitEnv, TestRepo } from '../helpers/git-repo.ts';
import { removeAfterFile, tempDir } from '../helpers/temp.ts';

const BIN = fileURLToPath(new URL('../../bin/livewiki.js', import.meta.url));

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '', NO_COLOR: '1', GITHUB_STEP_SUMMARY: '', ...env }, maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SPEC = `openapi: 3.0.3
info:
  title: Pets
  version: 1.0.0
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: ok
  /pets/{id}:
    delete:
      operationId: deletePet
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      responses:
        '204':
          description: gone
`;
// A well-known documentation example key shape (AWS access key id), not a real credential.
const KEY = ['AKIA', 'IOSFODNN7EXAMPLB'].join('');

/** main: a guide, a runbook, a page to remove, an API; feature: the pull request's four commits. */
function scriptedPullRequest(): { repo: TestRepo; base: string; commits: string[] } {
  const repo = TestRepo.init();
  removeAfterFile(repo.root);
  repo.write('docs/guide.md', '# Guide\n\n## Install\n\nRun the installer.\n\n## Configure\n\nSet `timeout: 30`.\n');
  repo.write('docs/old-runbook.md', '# Runbook\n\n## Restart\n\nRestart the service.\n\n## Escalate\n\nPage the on-call.\n');
  repo.write('docs/legacy.md', '# Legacy\n\n## Old way\n\nDo not do this.\n');
  repo.write('api/openapi.yaml', SPEC);
  const base = repo.commit({ message: 'Add docs and API', author: 'Ann Base <ann@example.com>' });
  repo.git('checkout', '-q', '-b', 'feature');
  const commits: string[] = [];
  repo.move('docs/old-runbook.md', 'docs/runbook.md');
  commits.push(repo.commit({ message: 'Rename the runbook', author: 'Bob Builder <bob@example.com>' }));
  repo.write('docs/guide.md', '# Guide\n\n## Install\n\nRun the installer.\n\n## Configure\n\nSet `timeout: 45`.\n');
  repo.remove('docs/legacy.md');
  commits.push(repo.commit({ message: 'Raise the timeout; drop the legacy page', author: 'Bob Builder <bob@example.com>' }));
  repo.write('api/openapi.yaml', SPEC.slice(0, SPEC.indexOf('  /pets/{id}:')));
  commits.push(repo.commit({ message: 'Remove DELETE /pets/{id}', author: 'Bob Builder <bob@example.com>' }));
  repo.write('docs/guide.md', `# Guide\n\n## Install\n\nRun the installer.\n\n## Configure\n\nSet \`timeout: 45\`.\n\n## Keys\n\nUse ${KEY}, see [setup](./setup.md).\n`);
  commits.push(repo.commit({ message: 'Document the keys', author: 'Bob Builder <bob@example.com>' }));
  return { repo, base, commits };
}

async function diffOf(repo: TestRepo, base: string, head?: string, cache: string | false = false): Promise<DiffReport> {
  const config = await loadConfig({ cwd: repo.root, cache });
  const outcome = await runDiff({ ...config, repos: config.repos.map((r) => ({ ...r, name: 'svc' })) }, { base, ...(head ? { head } : {}) });
  if (!outcome.ok) throw new Error(outcome.problem.message);
  return outcome.report;
}

describe('livewiki diff on a scripted pull request', () => {
  const { repo, base, commits } = scriptedPullRequest();
  const head = commits.at(-1)!;
  let report: DiffReport;

  it('reports every item in its JSON, field by field', async () => {
    report = await diffOf(repo, 'main');
    expect(report.schemaVersion).toBe(1);
    expect(report.repo).toBe('svc');
    // Commits and files as git has them.
    expect(report.base).toEqual({ ref: 'main', commit: base, mergeBase: base });
    expect(report.head).toEqual({ ref: 'HEAD', commit: head });
    expect(report.commits).toBe(Number(repo.git('rev-list', '--count', `${base}..${head}`).trim()));
    expect(report.files).toEqual([
      { status: 'modified', path: 'api/openapi.yaml' },
      { status: 'modified', path: 'docs/guide.md' },
      { status: 'removed', path: 'docs/legacy.md' },
      { status: 'renamed', path: 'docs/runbook.md', from: 'docs/old-runbook.md' },
    ]);
    // The renamed document moved (not removed + added), the removed one is gone.
    expect(report.pages.moved).toEqual([
      { from: { id: 'svc/doc/docs/old-runbook.md', route: '/svc/docs/old-runbook/', title: 'Runbook', repo: 'svc' }, to: { id: 'svc/doc/docs/runbook.md', route: '/svc/docs/runbook/', title: 'Runbook', repo: 'svc' } },
    ]);
    expect(report.pages.removed).toEqual([{ id: 'svc/doc/docs/legacy.md', route: '/svc/docs/legacy/', title: 'Legacy', repo: 'svc' }]);
    expect(report.pages.added).toEqual([]);
    const guide = report.pages.changed.find((p) => p.route === '/svc/docs/guide/');
    expect(guide).toEqual({ id: 'svc/doc/docs/guide.md', route: '/svc/docs/guide/', title: 'Guide', repo: 'svc', sections: { added: 1, removed: 0, changed: 1, moved: 0 } });
    // The runbook's sections moved with their page and did not change: not listed as changed.
    expect(report.pages.changed.some((p) => p.route === '/svc/docs/runbook/')).toBe(false);
    // Sections: the edited one, the new one, the removed operation and the removed page's section.
    expect(report.sections.changed).toEqual([{ page: '/svc/docs/guide/', anchor: 'configure', kind: 'heading', key: 'Configure', title: 'Configure', file: 'docs/guide.md', line: 7 }]);
    expect(report.sections.added).toEqual([{ page: '/svc/docs/guide/', anchor: 'keys', kind: 'heading', key: 'Keys', title: 'Keys', file: 'docs/guide.md', line: 11 }]);
    expect(report.sections.removed.map((s) => [s.page, s.kind, s.key, s.file])).toEqual([
      ['/svc/api/openapi.yaml/paths/pets/', 'operation', 'DELETE /pets/{id}', 'api/openapi.yaml'],
      ['/svc/docs/legacy/', 'heading', 'Old way', 'docs/legacy.md'],
    ]);
    expect(report.sections.moved).toEqual([]);
    // URLs once published: the old runbook URL redirects, the legacy one is a tombstone, the
    // operation's anchor answers only as "no longer on this page".
    expect(report.urls.redirects).toEqual([{ from: '/svc/docs/old-runbook/', to: '/svc/docs/runbook/' }]);
    expect(report.urls.tombstones).toEqual([{ route: '/svc/docs/legacy/', title: 'Legacy' }]);
    const removedOp = report.sections.removed[0]!;
    expect(report.urls.anchors).toEqual([{ from: `${removedOp.page}#${removedOp.anchor}`, to: null }]);
    // The API: one breaking change, the removed operation, at its pointer in the old document.
    expect(report.api).toHaveLength(1);
    const api = report.api[0]!;
    expect(api).toMatchObject({ repo: 'svc', spec: 'api/openapi.yaml', status: 'changed', breaking: 1 });
    expect(api.changes).toEqual([
      expect.objectContaining({ key: 'DELETE /pets/{id}', entity: 'operation', change: 'removed', breaking: true, side: 'old', pointer: '/paths/~1pets~1{id}/delete', level: 'error', check: 'api-path-removed-without-deprecation' }),
    ]);
    // The secret: located, fingerprinted, new in this change; never its value.
    expect(report.secrets).toEqual([{ repo: 'svc', file: 'docs/guide.md', line: 13, column: 5, rule: 'aws-access-key', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/), new: true }]);
    expect(JSON.stringify(report)).not.toContain(KEY);
    // The broken link, at its line in the changed file.
    expect(report.links).toEqual([{ repo: 'svc', file: 'docs/guide.md', line: 13, code: 'W_MD_LINK_UNRESOLVED', message: expect.stringContaining('./setup.md') }]);
    expect(report.notes).toEqual([]);
  });

  it('says the same in Markdown and in the sticky GitHub comment', () => {
    for (const text of [diffMarkdown(report), githubComment(report)]) {
      expect(text).toContain('`/svc/docs/old-runbook/` → `/svc/docs/runbook/`');
      expect(text).toContain('removed Legacy `/svc/docs/legacy/`');
      expect(text).toContain('changed Configure `/svc/docs/guide/#configure` (`docs/guide.md:7`)');
      expect(text).toContain('added Keys `/svc/docs/guide/#keys`');
      expect(text).toContain('`/svc/docs/legacy/` becomes a tombstone');
      expect(text).toContain('### Breaking API changes');
      expect(text).toContain('`DELETE /pets/{id}` operation removed');
      expect(text).toContain('`docs/guide.md:13:5` rule `aws-access-key`');
      expect(text).toContain('### Broken links in changed files');
      expect(text).not.toContain(KEY);
      // Breaking changes come before everything else.
      expect(text.indexOf('### Breaking API changes')).toBeLessThan(text.indexOf('### Pages'));
    }
    expect(githubComment(report).startsWith('<!-- livewiki-diff -->\n')).toBe(true);
    expect(githubComment(report)).not.toContain('<details>');
  });

  it('prints the same report from the CLI as JSON', () => {
    const json = cli(['diff', '--base', 'main', '--format', 'json', '--no-cache'], repo.root);
    expect(json.code).toBe(0);
    // The CLI takes the repository's own id (its folder name); otherwise the report is the same.
    const fromCli = JSON.parse(json.stdout) as DiffReport;
    const id = fromCli.repo;
    expect(id).not.toBe('svc');
    expect(json.stdout).toBe(`${JSON.stringify(JSON.parse(JSON.stringify(report).replaceAll('/svc/', `/${id}/`).replaceAll('"svc/', `"${id}/`).replaceAll('"svc"', `"${id}"`)), null, 2)}\n`);
  });

  it('prints the sticky comment on stdout and the report into the job summary (--format github)', () => {
    const summary = join(tempDir(), 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const id = repoSlug(basename(repo.root));
    const gh = cli(['diff', '--base', 'main', '--format', 'github', '--no-cache', '--strict'], repo.root, { GITHUB_STEP_SUMMARY: summary });
    // --strict: a breaking change, a secret and a broken link fail the job.
    expect(gh.code).toBe(1);
    expect(gh.stdout.startsWith('<!-- livewiki-diff -->\n')).toBe(true);
    expect(gh.stdout).toContain(`\`/${id}/docs/old-runbook/\` → \`/${id}/docs/runbook/\``);
    const written = readFileSync(summary, 'utf8');
    expect(written.startsWith('# earlier step\n## livewiki')).toBe(true);
    expect(written).not.toContain('<!-- livewiki-diff -->');
    expect(written).toContain('`DELETE /pets/{id}` operation removed');
  });

  it('prints Markdown by default', () => {
    const id = repoSlug(basename(repo.root));
    const md = cli(['diff', '--base', 'main', '--no-cache'], repo.root);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain(`removed Legacy \`/${id}/docs/legacy/\``);
    expect(md.stdout).toContain('`docs/guide.md:13:5` rule `aws-access-key`');
  });

  it('reads the commits from git objects only: the working tree and index are not the head', async () => {
    repo.write('docs/guide.md', '# Guide\n\nUncommitted rewrite.\n');
    repo.write('docs/new.md', '# New\n');
    repo.git('add', 'docs/new.md');
    try {
      const again = await diffOf(repo, 'main');
      expect(again).toEqual(report);
    } finally {
      repo.git('reset', '-q', '--hard');
    }
  });

  it('collapses the comment when the change does nothing to the wiki', async () => {
    const quiet = await diffOf(repo, head, head);
    expect(quiet.files).toEqual([]);
    const comment = githubComment(quiet);
    expect(comment).toBe(`<!-- livewiki-diff -->\n<details><summary>livewiki: no changes to the wiki</summary>\n\nCompared \`${head}\` (${head.slice(0, 12)}) with \`${head}\` (${head.slice(0, 12)}) in \`svc\`: 0 commits, 0 files changed.\n</details>\n`);
  });
});

describe('stale docs in the pull-request view', () => {
  it('names the sections a change makes stale (a covered key changed without them) and those it makes fresh (edited)', async () => {
    const repo = TestRepo.init();
    removeAfterFile(repo.root);
    repo.write('config/app.yaml', 'server:\n  timeout: 30\n  retries: 3\n');
    repo.write('docs/runbook.md', '---\ncovers: config/app.yaml#server.timeout\n---\n# Runbook\n\n## Timeouts\n\nThe server waits 30 seconds.\n');
    repo.write('docs/ops.md', '---\ncovers: config/app.yaml#server.retries\n---\n# Ops\n\n## Retries\n\nThe server retries 3 times.\n');
    repo.commit({ message: 'Config and docs', author: 'Ann Base <ann@example.com>' });
    repo.write('config/app.yaml', 'server:\n  timeout: 30\n  retries: 5\n');
    const base = repo.commit({ message: 'More retries', author: 'Ann Base <ann@example.com>' }); // ops.md is stale at the base
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('config/app.yaml', 'server:\n  timeout: 45\n  retries: 5\n');
    repo.commit({ message: 'Raise the timeout', author: 'Bob Builder <bob@example.com>' });
    repo.write('docs/ops.md', '---\ncovers: config/app.yaml#server.retries\n---\n# Ops\n\n## Retries\n\nThe server retries 5 times.\n');
    repo.commit({ message: 'Ops: five retries', author: 'Bob Builder <bob@example.com>' });

    const report = await diffOf(repo, base);
    expect(report.stale.made.map((x) => [x.page, x.anchor])).toEqual([['/svc/docs/runbook/', null]]);
    expect(report.stale.made[0]!.because.join(' ')).toMatch(/timeout.*30.*45/);
    expect(report.stale.fresh.map((x) => [x.page, x.anchor])).toEqual([['/svc/docs/ops/', null]]);
    const md = diffMarkdown(report);
    expect(md).toContain('### Stale docs');
    expect(md).toMatch(/made stale: Runbook `\/svc\/docs\/runbook\/`: .*timeout/);
    expect(md).toContain('made fresh: Ops `/svc/docs/ops/`');
  }, 120_000);
});

describe('the API changes of a pull request from the cache', () => {
  it('are what a run without cache says, run after run, when only a file the spec $refs changes', async () => {
    const repo = TestRepo.init();
    removeAfterFile(repo.root);
    const pet = (props: string) => `type: object\nproperties:\n${props}`;
    repo.write('api/root.yaml', `openapi: 3.0.3\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: './pet.yaml'\n`);
    repo.write('api/pet.yaml', pet('  name:\n    type: string\n  age:\n    type: integer\n'));
    const base = repo.commit({ message: 'Pets API', author: 'Ann Base <ann@example.com>' });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('api/pet.yaml', pet('  name:\n    type: string\n'));
    const first = repo.commit({ message: 'Pets lose their age', author: 'Bob Builder <bob@example.com>' });
    repo.write('api/pet.yaml', pet('  name:\n    type: integer\n  age:\n    type: integer\n'));
    const second = repo.commit({ message: 'Names are numbers', author: 'Bob Builder <bob@example.com>' });

    const cache = tempDir();
    const uncached = { first: (await diffOf(repo, base, first)).api, second: (await diffOf(repo, base, second)).api };
    // Two different answers: a cache that ignored pet.yaml would give the first one twice.
    expect(uncached.first).not.toEqual(uncached.second);
    expect(uncached.first[0]!.changes.length).toBeGreaterThan(0);
    expect(uncached.second[0]!.changes.length).toBeGreaterThan(0);
    for (const at of ['first', 'second', 'second', 'first'] as const) {
      expect((await diffOf(repo, base, at === 'first' ? first : second, cache)).api, at).toEqual(uncached[at]);
    }
    // The comparison was stored (and so read back by the runs after the first of each head).
    expect(readdirSync(join(cache, 'diff-api'), { recursive: true }).length).toBeGreaterThan(0);
  }, 120_000);
});

describe('livewiki diff given bad input', () => {
  const { repo, base } = scriptedPullRequest();

  it('an unknown --base ref: exit 2, one line naming the ref and what to do, nothing on stdout', () => {
    const r = cli(['diff', '--base', 'origin/no-such-branch', '--no-cache'], repo.root);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--base "origin/no-such-branch" names no commit');
    expect(r.stderr).toContain('git fetch origin origin/no-such-branch');
    // A ref that looks like an option is a ref, not an option of git.
    const dash = cli(['diff', '--base=--output=/tmp/x', '--no-cache'], repo.root);
    expect(dash.code).toBe(2);
    expect(dash.stderr).toContain('names no commit');
  });

  it('a missing --base is a usage error', () => {
    const r = cli(['diff', '--no-cache'], repo.root);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('livewiki: livewiki diff needs --base REF (the branch or commit to compare with, e.g. --base origin/main)');
  });

  it('a shallow clone without the base: exit 2, saying to fetch the full history', () => {
    const clone = tempDir();
    spawnSync('git', ['clone', '-q', '--depth', '1', '--branch', 'feature', `file://${repo.root}`, clone], { env: isolatedGitEnv() });
    expect(readFileSync(join(clone, '.git', 'shallow'), 'utf8')).toBeTruthy();
    const r = cli(['diff', '--base', base, '--no-cache'], clone);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`--base "${base}" is not in this shallow clone`);
    expect(r.stderr).toContain('fetch-depth: 0');
    // The base's tip fetched, its history still cut: the merge base is unknown, said the same way.
    spawnSync('git', ['fetch', '-q', '--depth', '1', 'origin', 'main:refs/remotes/origin/main'], { cwd: clone, env: isolatedGitEnv() });
    expect(spawnSync('git', ['rev-parse', '--verify', 'origin/main'], { cwd: clone, env: isolatedGitEnv() }).status).toBe(0);
    const tip = cli(['diff', '--base', 'origin/main', '--no-cache'], clone);
    expect(tip.code).toBe(2);
    expect(tip.stderr).toContain('is not in this shallow clone, so their merge base is unknown');
  });

  it('a published ledger newer than the base: a warning that says what to do, and only the pull request reported', async () => {
    // main moves on after the pull request branched: a page is removed and published that way.
    repo.git('checkout', '-q', 'main');
    repo.write('docs/extra.md', '# Extra\n');
    repo.commit('Add extra');
    repo.remove('docs/old-runbook.md');
    const removal = repo.commit({ message: 'Remove the runbook on main', author: 'Cy Main <cy@example.com>' });
    repo.git('checkout', '-q', 'feature');
    const cache = tempDir();
    // The ledger the published main build left in the cache (livewiki's own shape).
    const ledger = {
      schemaVersion: 1,
      entries: [
        { route: '/svc/docs/extra/', id: 'svc/doc/docs/extra.md', title: 'Extra', repo: 'svc', state: 'live', anchors: [], sources: ['docs/extra.md'] },
        {
          route: '/svc/docs/old-runbook/',
          id: 'svc/doc/docs/old-runbook.md',
          title: 'Runbook',
          repo: 'svc',
          state: 'tombstone',
          anchors: [],
          sources: ['docs/old-runbook.md'],
          removed: { commit: removal, subject: 'Remove the runbook on main', authors: ['Cy Main'], committedAt: null, url: null },
        },
      ],
    };
    writeFileSync(join(cache, LEDGER_FILE), JSON.stringify(ledger));
    const r = await diffOf(repo, base, undefined, cache);
    expect(r.notes).toEqual([
      {
        code: 'W_DIFF_LEDGER_AHEAD',
        severity: 'warning',
        message: expect.stringContaining(`newer than the base ${base.slice(0, 12)}`),
        hint: 'Update the pull request with its target branch (merge or rebase) to compare against what is published.',
      },
    ]);
    // Not a wrong report: the rename is still a move with its redirect (not "already a tombstone").
    expect(r.urls.redirects).toEqual([{ from: '/svc/docs/old-runbook/', to: '/svc/docs/runbook/' }]);
    expect(r.pages.moved.map((m) => m.from.route)).toEqual(['/svc/docs/old-runbook/']);
    // The CLI, with the repository named as in the ledger by an (untracked) config.
    writeFileSync(join(repo.root, 'livewiki.config.json'), JSON.stringify({ repos: [{ path: '.', name: 'svc' }] }));
    const cliRun = cli(['diff', '--base', base, '--cache', cache, '--format', 'json'], repo.root);
    expect(cliRun.code).toBe(0);
    expect(cliRun.stderr).toContain('livewiki diff: warning: The published URL ledger is newer than the base');
    expect(cliRun.stderr).toContain('Update the pull request with its target branch');
  });
});

describe('the comment quotes the repository without letting it speak', () => {
  it('escapes Markdown, HTML and @-mentions in titles, and code spans cannot be closed early', () => {
    const hostile = '<img src=x onerror=alert(1)> **bold** [click](https://evil.example) @acme/admins';
    const report: DiffReport = {
      schemaVersion: 1,
      repo: 'svc',
      base: { ref: 'main', commit: 'a'.repeat(40), mergeBase: 'a'.repeat(40) },
      head: { ref: 'HEAD', commit: 'b'.repeat(40) },
      commits: 1,
      files: [{ status: 'added', path: 'docs/x.md' }],
      pages: { added: [{ id: 'svc/doc/docs/x.md', route: '/svc/docs/x/', title: hostile, repo: 'svc' }], removed: [], moved: [], changed: [] },
      sections: { added: [{ page: '/svc/docs/x/', anchor: 'a', kind: 'heading', key: 'k`` `', title: hostile, file: 'docs/`x`.md', line: 3 }], removed: [], changed: [], moved: [] },
      urls: { redirects: [], tombstones: [], anchors: [] },
      stale: { made: [{ page: '/svc/docs/x/', anchor: 'a', title: hostile, since: '2024-01-01T00:00:00Z', because: [hostile] }], fresh: [] },
      api: [],
      secrets: [],
      links: [],
      notes: [],
    };
    const md = githubComment(report);
    expect(md).not.toContain('<img');
    expect(md).not.toContain('**bold**');
    expect(md).not.toContain('](https://evil.example)');
    expect(md).not.toMatch(/@acme/);
    expect(md).toContain('&lt;img src=x onerror=alert\\(1\\)\\> \\*\\*bold\\*\\* \\[click\\]\\(https://evil.example\\)');
    expect(md).toContain('&#64;acme/admins');
    // A backtick run inside a name gets a longer fence.
    expect(md).toContain('(``docs/`x`.md:3``)');
  });
});
