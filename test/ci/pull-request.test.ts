// The pull-request job `livewiki init` writes (issue 15.3): it runs `livewiki diff` on pull
// requests only (never building or deploying from one, never saving the cache), and its posting
// script updates the one comment the Actions bot wrote before (found by the marker), creates it
// otherwise, and falls back to the job summary when the token cannot write (a fork's pull request).
// The GitHub API cannot run here: `gh` is a stand-in on PATH that answers from a list of comments
// and applies the script's own --jq filter with the real jq, and records what was written.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { githubWorkflow } from '../../src/init/templates.ts';
import { cleanupTemps, cli, tempDir } from './helpers.ts';
import { TestRepo } from '../helpers/git-repo.ts';

afterAll(cleanupTemps);

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
  env?: Record<string, string>;
  name?: string;
}
interface Workflow {
  on: Record<string, unknown>;
  concurrency: { group: string; 'cancel-in-progress': string };
  jobs: Record<string, { if?: string; steps: Step[]; needs?: string; permissions?: Record<string, string> }>;
}

const wf = parse(githubWorkflow('main')) as Workflow;
const job = wf.jobs.pull_request!;

/** A `gh` that serves `comments.json` to `gh api … --jq F` (through jq) and logs writes. */
function fakeGh(dir: string, writeStatus: number): void {
  const script = `#!/bin/bash
log="${dir}/gh.log"
if [ "$2" = "-X" ]; then
  method="$3"; url="$4"; field="$6"
  echo "$method $url" >> "$log"
  cat "\${field#body=@}" >> "$log"
  exit ${writeStatus}
fi
for ((i=1; i<=$#; i++)); do if [ "\${!i}" = "--jq" ]; then j=$((i+1)); filter="\${!j}"; fi; done
jq -r "$filter" "${dir}/comments.json"
`;
  writeFileSync(join(dir, 'gh'), script);
  chmodSync(join(dir, 'gh'), 0o755);
}

function post(dir: string, body: string, comments: unknown[], writeStatus = 0) {
  fakeGh(dir, writeStatus);
  writeFileSync(join(dir, 'comments.json'), JSON.stringify(comments));
  writeFileSync(join(dir, 'livewiki-diff.md'), body);
  writeFileSync(join(dir, 'gh.log'), '');
  const step = job.steps.find((s) => s.name === 'Post or update the comment')!;
  const r = spawnSync('bash', ['-eo', 'pipefail', '-c', step.run!], {
    env: { PATH: `${dir}:${process.env.PATH}`, RUNNER_TEMP: dir, GH_TOKEN: 'x', PR: '7', REPO: 'acme/widgets' },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, log: readFileSync(join(dir, 'gh.log'), 'utf8') };
}

describe('the pull_request job written by livewiki init', () => {
  it('runs on pull requests only; builds and deployments do not', () => {
    expect(Object.keys(wf.on)).toEqual(['push', 'pull_request', 'workflow_dispatch']);
    expect(wf.jobs.build!.if).toBe("github.event_name != 'pull_request'");
    expect(wf.jobs.deploy!.needs).toBe('build');
    expect(job.if).toBe("github.event_name == 'pull_request'");
    expect(job.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    // Deployments never cancel each other; a pull request's newer push cancels its older run.
    expect(wf.concurrency.group).toContain("'pages'");
    expect(wf.concurrency['cancel-in-progress']).toBe("${{ github.event_name == 'pull_request' }}");
    const checkout = job.steps.find((s) => s.uses?.startsWith('actions/checkout@'))!;
    expect(checkout.with).toEqual({ 'fetch-depth': 0, ref: '${{ github.event.pull_request.head.sha }}' });
    // The cache is restored, never saved, from a pull request.
    expect(job.steps.some((s) => s.uses?.startsWith('actions/cache/restore@'))).toBe(true);
    expect(job.steps.some((s) => s.uses?.startsWith('actions/cache@'))).toBe(false);
    // The diff gets the base as data, not spliced into the script.
    const diff = job.steps.find((s) => s.run?.includes('livewiki diff'))!;
    expect(diff.run).toContain('--base "$BASE_SHA" --format github');
    expect(diff.run).not.toContain('${{');
    expect(diff.env).toEqual({ BASE_SHA: '${{ github.event.pull_request.base.sha }}' });
    expect(job.steps.find((s) => s.name === 'Post or update the comment')!.run).not.toContain('${{');
  });

  it('posts the comment livewiki diff writes, then updates that one comment in place', () => {
    // The comment body from the real CLI, on a scripted change.
    const repo = TestRepo.init();
    repo.write('docs/guide.md', '# Guide\n\n## Setup\n\nRun it.\n').commit('docs');
    const base = repo.head();
    repo.write('docs/guide.md', '# Guide\n\n## Setup\n\nRun it twice.\n').commit('edit');
    const r = cli(['diff', '--base', base, '--format', 'github', '--no-cache'], repo.root, { GITHUB_STEP_SUMMARY: '' });
    repo.cleanup();
    expect(r.code).toBe(0);
    const body = r.stdout;
    expect(body.startsWith('<!-- livewiki-diff -->\n')).toBe(true);

    const dir = tempDir();
    const created = post(dir, body, [{ id: 1, user: { login: 'someone' }, body: 'LGTM' }]);
    expect(created.code).toBe(0);
    expect(created.log).toBe(`POST repos/acme/widgets/issues/7/comments\n${body}`);

    // The bot's earlier comment is updated; a user's comment quoting the marker is left alone.
    const updated = post(dir, body, [
      { id: 5, user: { login: 'mallory' }, body: '<!-- livewiki-diff -->\nfake' },
      { id: 9, user: { login: 'github-actions[bot]' }, body: '<!-- livewiki-diff -->\nold report' },
    ]);
    expect(updated.code).toBe(0);
    expect(updated.log).toBe(`PATCH repos/acme/widgets/issues/comments/9\n${body}`);
  });

  it('falls back to the job summary when the token cannot write (a fork): a notice, not a failure', () => {
    const dir = tempDir();
    const r = post(dir, '<!-- livewiki-diff -->\nreport\n', [], 1);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('::notice title=livewiki::The token cannot comment on this pull request');
    expect(r.log.startsWith('POST repos/acme/widgets/issues/7/comments\n')).toBe(true);
  });
});

describe('action.yml with command: diff', () => {
  const action = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as { inputs: Record<string, { default: string }>; runs: { steps: (Step & { if?: string })[] } };

  it('takes the base as data, restores the cache only, and posts with the same script', () => {
    expect(action.inputs.base!.default).toBe('${{ github.event.pull_request.base.sha }}');
    const run = action.runs.steps.find((s) => s.name === 'Run livewiki')!;
    expect(run.env!.LIVEWIKI_BASE).toBe('${{ inputs.base }}');
    expect(run.run).toContain('diff) cmd=(diff --base "$LIVEWIKI_BASE") ;;');
    expect(action.runs.steps.find((s) => s.uses?.startsWith('actions/cache@'))!.if).toContain("inputs.command != 'diff'");
    expect(action.runs.steps.find((s) => s.uses?.startsWith('actions/cache/restore@'))!.if).toContain("inputs.command == 'diff'");
    const posting = action.runs.steps.find((s) => s.name === "Post or update the pull request's comment")!;
    const fromInit = job.steps.find((s) => s.name === 'Post or update the comment')!.run!;
    // The same lookup and writes as the workflow's (indentation aside).
    const lines = (t: string) => t.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('id=') || l.startsWith('gh api'));
    expect(lines(posting.run!)).toEqual(lines(fromInit));
    expect(execFileSync('bash', ['-n', '-c', posting.run!], { encoding: 'utf8' })).toBe('');
  });
});
