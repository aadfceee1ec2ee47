// Diagnostics never print a repository's secret (D10, RELIABILITY §2.3 step 5): CI logs of public
// repositories are public. Every reporter (stylish, JSON, GitHub annotations) and the `--json`
// summary get the audit's reproduction: a link target `./AKIA….md` and a `$ref` with a token in
// its userinfo; the diagnostics are printed, with markers in place of the values.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/model/diagnostics.ts';
import { githubReporter, json, stylish } from '../../src/cli/reporters/index.ts';
import { filesContaining } from '../helpers/files.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { tempDir } from '../helpers/temp.ts';
import { assigned, forbidden, SECRETS } from '../secrets/corpus.ts';

const BIN = fileURLToPath(new URL('../../bin/livewiki.js', import.meta.url));

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

/** Each planted value (and a piece of it, and its lower-cased form) that appears in `text`. */
function leaked(text: string): string[] {
  return [...forbidden(), assigned('log')].filter((v) => v.length >= 8 && text.includes(v));
}

// A token in a JSON pointer hides behind `~1` (`/paths/~1keys~1AKIA…`): no word boundary before it.
const PLANTED: Diagnostic[] = [
  {
    code: 'W_MD_LINK_UNRESOLVED',
    severity: 'warning',
    message: `Link target "./${SECRETS.aws}.md" not a tracked file; password=${assigned('log')}`,
    hint: `Use ${SECRETS.npm} instead`,
    repo: 'r',
    file: `docs/${SECRETS.aws.toLowerCase()}/${SECRETS.github}.md`,
    line: 3,
  },
  {
    code: 'E_OPENAPI_REF_EXTERNAL',
    severity: 'error',
    message: `$ref "https://ci:${SECRETS.github}@internal.example/a.yaml" points to the network`,
    repo: 'r',
    file: 'openapi.yaml',
    line: 6,
    pointer: `/paths/~1keys~1${SECRETS.aws}/get/~1${SECRETS.google}`,
  },
];

describe('reporters print no secret from a diagnostic', () => {
  const outputs: [string, string][] = [
    ['stylish', stylish(PLANTED)],
    ['json', json(PLANTED)],
    ['github', githubReporter(() => 'checkout/r')(PLANTED)],
  ];

  it.each(outputs)('%s: message, hint, file and pointer are redacted', (_name, text) => {
    expect(leaked(text)).toEqual([]);
    expect(text).toContain('«redacted:aws-access-key»');
    expect(text).toContain('«redacted:github-token»');
    expect(text).toContain('«redacted:npm-token»');
    expect(text).toContain('«redacted:secret-assignment»');
    // Still the same diagnostics: codes and locations a reader can act on.
    expect(text).toContain('W_MD_LINK_UNRESOLVED');
    expect(text).toContain('E_OPENAPI_REF_EXTERNAL');
    expect(text).toContain('openapi.yaml');
  });

  it('keeps a harmless diagnostic exactly as it was', () => {
    const plain: Diagnostic = { code: 'W_MD_LINK_UNRESOLVED', severity: 'warning', message: 'Link target "./guide.md" not a tracked file', repo: 'r', file: 'README.md', line: 1, pointer: '/paths/~1pets~1{id}' };
    expect(json([plain])).toBe(`${JSON.stringify([{ code: plain.code, severity: 'warning', message: plain.message, repo: 'r', file: 'README.md', line: 1, column: null, pointer: plain.pointer, hint: null }], null, 2)}\n`);
  });
});

describe('the command line on the audit reproduction (D10)', () => {
  let repo: TestRepo;

  beforeAll(() => {
    repo = TestRepo.init();
    repo
      .write('README.md', `# R\n\n[creds](./${SECRETS.aws}.md)\n`)
      .write('openapi.yaml', `openapi: 3.1.0\ninfo: {title: T, version: "1"}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: "https://ci:${SECRETS.github}@internal.example/a.yaml"}\n`)
      .commit('Reproduction');
  });

  afterAll(() => repo.cleanup());

  it.each([['stylish'], ['json'], ['github']])('check --format %s prints the diagnostics, redacted', (format) => {
    const r = run(['check', '--format', format], repo.root);
    expect(r.code).toBe(1);
    expect(r.out).toContain('W_MD_LINK_UNRESOLVED');
    expect(r.out).toContain('E_OPENAPI_REF_EXTERNAL');
    expect(r.out).toContain('«redacted:aws-access-key»');
    expect(r.out).toContain('«redacted:github-token»');
    expect(leaked(r.out)).toEqual([]);
  }, 120_000);

  it('build --format json --json: the summary and the built site hold no value', () => {
    const out = join(tempDir('livewiki-d10-'), 'site');
    const r = run(['build', '--out', out, '--format', 'json', '--json'], repo.root);
    const summary = JSON.parse(r.out.slice(r.out.indexOf('{'), r.out.lastIndexOf('}') + 1)) as { published: boolean; diagnostics: Diagnostic[] };
    expect(summary.published).toBe(true);
    expect(summary.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['W_MD_LINK_UNRESOLVED', 'E_OPENAPI_REF_EXTERNAL']));
    expect(leaked(r.out)).toEqual([]);
    for (const value of forbidden()) if (value.length >= 8) expect(filesContaining(out, value), value.slice(0, 6)).toEqual([]);
  }, 180_000);

  it('a config error quoting a pasted token prints it redacted', () => {
    const dir = tempDir('livewiki-d10-config-');
    writeFileSync(join(dir, 'livewiki.config.json'), `{\n  "${SECRETS.github}": true\n}\n`);
    const r = run(['build'], dir);
    expect(r.code).toBe(2);
    expect(r.out).toContain('unknown key "«redacted:github-token»"');
    expect(leaked(r.out)).toEqual([]);
  });
});
