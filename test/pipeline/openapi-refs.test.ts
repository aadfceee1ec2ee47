// Specs whose operations live in files of their own, through the whole pipeline of a real git
// repository (issue 13): each operation is on its group's page with its summary, parameters and
// responses, and its section's last change is the last change of its own file, as `git log` says
// (a commit that only deletes lines included); refs that leave the repository, a symlink among
// them, are refused with a located error and nothing of their target is published.

import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { Page } from '../../src/model/page.ts';
import type { LivewikiJson } from '../../src/output/livewiki-json.ts';
import { build, type BuildResult } from '../../src/pipeline/run.ts';
import { chainFixture, cycleFixture, levelsFixture, outsideFixture, versionFixture, VERSIONS, type Fixture } from '../extract/openapi-multifile.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { commitFacts, lastChangeOfLines, lastChangeOfPath } from '../helpers/git-truth.ts';

const fixtures: Fixture[] = [...VERSIONS.map((v) => versionFixture(v)), levelsFixture(), chainFixture(), cycleFixture(), outsideFixture()];
const TOKEN = 'token-of-a-file-outside-the-repository';

let repo: TestRepo;
let outRoot: string;
let out: string;
let result: BuildResult;
let wiki: LivewikiJson;

beforeAll(async () => {
  repo = TestRepo.init();
  outRoot = mkdtempSync(join(tmpdir(), 'livewiki-api-refs-'));
  out = join(outRoot, 'site');
  for (const fixture of fixtures) for (const [path, text] of Object.entries(fixture.files)) repo.write(path, text);
  // A tracked symlink to a file outside the repository, and a spec that refers to it.
  writeFileSync(join(outRoot, 'outside.yaml'), `summary: ${TOKEN}\nresponses:\n  '200':\n    description: ${TOKEN}\n`);
  symlinkSync(join(outRoot, 'outside.yaml'), join(repo.root, 'outside', 'link.yaml'));
  repo.write('outside/linked.yaml', "openapi: 3.1.0\ninfo:\n  title: Linked\n  version: '1'\npaths:\n  /linked:\n    get:\n      $ref: 'link.yaml'\n");
  repo.commit('Add the specs');
  // Then each operation is reviewed in a commit of its own (its summary line changes), newest last.
  for (const fixture of fixtures) {
    for (const op of fixture.operations) {
      const text = readFileSync(join(repo.root, op.file), 'utf8');
      repo.write(op.file, `${text.replace(`summary: ${op.summary}\n`, `summary: ${op.summary} (reviewed)\n`)}x-reviewed-${op.key.split(' ')[0]!.toLowerCase()}: true\n`);
      repo.commit(`Review ${op.key} in ${op.file}`);
    }
  }
  // A change that only deletes a line of one operation's file (blame no longer sees it): still
  // that operation's last change, as git log says.
  const deleted = versionFixture('3.0').operations.find((o) => o.key === 'GET /widgets/{id}')!.file;
  repo.write(deleted, readFileSync(join(repo.root, deleted), 'utf8').replace(/x-reviewed-get: true\n/, ''));
  repo.commit('Drop the review note');
  result = await build(await loadConfig({ cwd: repo.root, out }));
  wiki = JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson;
}, 240_000);

afterAll(() => {
  repo?.cleanup();
  rmSync(outRoot, { recursive: true, force: true });
});

function sectionOf(key: string, root: string): { page: Page; section: Page['sections'][number] } {
  const id = `${wiki.repos[0]!.id}/openapi/${root}`;
  for (const page of wiki.pages.filter((p) => p.id === id || p.id.startsWith(`${id}/`))) {
    const section = page.sections.find((s) => s.key === key);
    if (section) return { page, section };
  }
  throw new Error(`${key} not found in ${root}`);
}

function htmlOf(page: Page): string {
  return readFileSync(join(out, decodeURIComponent(page.route), 'index.html'), 'utf8');
}

describe('operations in files of their own, built from a git repository', () => {
  it('publishes, with errors only for the cycle and the refs that leave the repository, each located', () => {
    expect(result.published).toBe(true);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    for (const d of errors) {
      expect(['cycle/loop/a.yaml', 'cycle/loop/b.yaml', 'outside/openapi.yaml', 'outside/linked.yaml'], `${d.file}: ${d.message}`).toContain(d.file);
      expect(d.line, `${d.file}: ${d.message}`).toBeGreaterThan(0);
    }
    expect(errors.filter((d) => d.code === 'E_OPENAPI_REF_CYCLE')).toHaveLength(1);
    expect(errors.filter((d) => d.file === 'outside/openapi.yaml').map((d) => d.line)).toEqual([8, 10, 13]);
    expect(errors.filter((d) => d.file === 'outside/linked.yaml')).toMatchObject([{ code: 'E_OPENAPI_REF_OUTSIDE', line: 8, pointer: '/paths/~1linked/get/$ref' }]);
  });

  it.each(fixtures.flatMap((f) => f.operations.map((op) => ({ root: f.root, op }))))('$op.key of $root: on its page whole, its last change that of its own file', ({ root, op }) => {
    const { page, section } = sectionOf(op.key, root);
    expect(page.route).toMatch(new RegExp(`/${op.group}/$`));
    const html = htmlOf(page);
    const at = html.indexOf(`id="${section.anchor}"`);
    const part = html.slice(html.lastIndexOf('<section', at), html.indexOf('</section>', at));
    expect(part).toContain(op.summary);
    for (const text of op.shows) expect(part, text).toContain(text.replace(/&/g, '&amp;'));
    // Its own source: a file of its own (its last change is the file's, as git log says), or its
    // lines in a file it shares with other operations (the newest commit git blame finds there).
    const own = section.sources[0]!;
    expect(own.path).toBe(op.file);
    const last = own.lines ? lastChangeOfLines(repo, own.path, own.lines) : lastChangeOfPath(repo, own.path);
    expect(last).not.toBe(lastChangeOfPath(repo, root));
    expect(section.provenance!.commit).toBe(last);
    expect(section.provenance!.subject).toBe(commitFacts(repo, last).subject);
    if (!(op.key === 'GET /widgets/{id}' && root === 'v30/openapi.yaml')) expect(section.provenance!.subject).toBe(`Review ${op.key} in ${op.file}`);
    for (const via of op.via) expect(section.sources.map((s) => s.path)).toContain(via);
  });

  it('takes the deletion-only commit as the last change of the operation whose file it changed', () => {
    const { section } = sectionOf('GET /widgets/{id}', 'v30/openapi.yaml');
    expect(section.sources[0]!.lines).toBeUndefined();
    expect(section.provenance!.subject).toBe('Drop the review note');
  });

  it('publishes nothing of what a refused ref points to', () => {
    for (const file of readdirSync(out, { recursive: true, encoding: 'utf8' })) {
      const full = join(out, file);
      if (!statSync(full).isFile() || !/\.(html|json)$/.test(file)) continue;
      expect(readFileSync(full, 'utf8'), file).not.toContain(TOKEN);
    }
  });
});
