// Configuration pages in the whole pipeline: each key has the provenance of its own lines, and
// no secret planted anywhere (config files, a Kubernetes Secret, .env, a Markdown doc, an
// OpenAPI example, a commit message) reaches any file of the output, search index included.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { LivewikiJson } from '../../src/output/livewiki-json.ts';
import { build, type BuildResult } from '../../src/pipeline/run.ts';
import { filesContaining } from '../helpers/files.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { commitFacts, firstParentOrder, lastChangeOfLines } from '../helpers/git-truth.ts';
import { DB_URL, forbidden, PRIVATE_KEY, SECRETS } from '../secrets/corpus.ts';

let repo: TestRepo;
let outRoot: string;
let out: string;
let wiki: LivewikiJson;
let result: BuildResult;
let shas: Record<string, string>;

beforeAll(async () => {
  repo = TestRepo.init();
  shas = {};
  repo
    .write(
      'compose.yaml',
      `services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "8080:80"\n    environment:\n      # The database the app talks to.\n      DATABASE_URL: ${DB_URL}\n      API_TOKEN: ${SECRETS.github}\n`,
    )
    .write('.env.example', `# Port the app listens on\nPORT=8080\nSTRIPE_KEY=${SECRETS.stripe}\n`)
    .write('k8s/secret.yaml', `apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\nstringData:\n  aws: ${SECRETS.aws}\n  npm: ${SECRETS.npm}\n`)
    .write('config/app.toml', `# Request timeout in seconds\ntimeout = 30\nslack = "${SECRETS.slack}"\n`)
    .write('docs/ops.md', `# Operations\n\nRotate the key:\n\n\`\`\`\n${PRIVATE_KEY}\n\`\`\`\n\nAnd the JWT \`${SECRETS.jwt}\`.\n`)
    .write(
      'api/openapi.yaml',
      `openapi: 3.1.0\ninfo:\n  title: Tokens\n  version: '1'\npaths:\n  /me:\n    get:\n      summary: Who am I\n      parameters:\n        - name: Authorization\n          in: header\n          example: Bearer ${SECRETS.jwt}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              example:\n                key: ${SECRETS.google}\n`,
    );
  shas.initial = repo.commit(`Add config with ${SECRETS.aws} by mistake`);
  repo.write('compose.yaml', readFileSync(join(repo.root, 'compose.yaml'), 'utf8').replace('nginx:1.27', 'nginx:1.28'));
  shas.image = repo.commit('Bump nginx (#88)');
  outRoot = mkdtempSync(join(tmpdir(), 'livewiki-secrets-'));
  out = join(outRoot, 'site');
  result = await build(await loadConfig({ cwd: repo.root, out }));
  wiki = JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson;
}, 180_000);

afterAll(() => {
  repo.cleanup();
  rmSync(outRoot, { recursive: true, force: true });
});

describe('configuration and secrets through the whole pipeline', () => {
  it('publishes, with the configuration keys as sections', () => {
    expect(result.published).toBe(true);
    const keys = wiki.pages.flatMap((p) => p.sections.filter((s) => s.kind === 'config-key').map((s) => s.key));
    expect(keys).toEqual(expect.arrayContaining(['services.web', 'PORT', 'timeout']));
  });

  it('publishes no secret, nor a piece of one, in any output file', () => {
    for (const value of forbidden()) {
      if (value.length < 8) continue;
      expect(filesContaining(out, value), value.slice(0, 6)).toEqual([]);
    }
  });

  it('keeps the redacted values visible as markers', () => {
    const html = filesContaining(out, '«redacted');
    expect(html.length).toBeGreaterThan(2);
  });

  it('gives each key the newest blamed commit of its own lines', () => {
    const order = firstParentOrder(repo);
    const sections = wiki.pages.flatMap((p) => p.sections.filter((s) => s.kind === 'config-key' && s.sources[0]?.lines));
    expect(sections.length).toBeGreaterThan(5);
    for (const s of sections) {
      const expected = s.sources.map((src) => lastChangeOfLines(repo, src.path, src.lines!)).sort((a, b) => order.get(a)! - order.get(b)!)[0]!;
      expect(s.provenance!.commit, s.key).toBe(expected);
      // The subject as git has it, but with the planted key replaced by a marker.
      expect(s.provenance!.subject, s.key).not.toContain(SECRETS.aws);
      expect(s.provenance!.subject!.replace(/«redacted:[\w-]+»/, SECRETS.aws), s.key).toBe(commitFacts(repo, expected).subject);
    }
    const image = sections.find((s) => s.key === 'services.web.image');
    expect(image?.provenance?.commit).toBe(shas.image);
  });
});

describe('the output gate in the whole pipeline', () => {
  it('stops publishing when a secret slips past redaction (in a link target), and accepts a reviewed fingerprint', async () => {
    const leaky = TestRepo.init();
    leaky.write('README.md', `# Leaky\n\nSee [the bucket](https://example.com/list?key=${SECRETS.aws}).\n`);
    leaky.commit('Link the bucket');
    const root = mkdtempSync(join(tmpdir(), 'livewiki-gate-'));
    const dest = join(root, 'site');
    try {
      const config = await loadConfig({ cwd: leaky.root, out: dest });
      const refused = await build(config);
      expect(refused.published).toBe(false);
      const gate = refused.diagnostics.filter((d) => d.code === 'E_SECRET_IN_OUTPUT' && d.file);
      expect(gate.length).toBeGreaterThan(0);
      expect(gate[0]!.line).toBeGreaterThan(0);
      expect(JSON.stringify(refused.diagnostics)).not.toContain(SECRETS.aws);
      const fingerprints = [...new Set(gate.map((d) => /fingerprint ([0-9a-f]{16})/.exec(d.message)![1]!))];
      const accepted = await build({ ...config, allowedSecrets: fingerprints });
      expect(accepted.published).toBe(true);
    } finally {
      leaky.cleanup();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('configuration keys in livewiki.json', () => {
  it('lists every key with its path, default and comment, for compose, Dockerfile, workflow, .env.example, TOML and INI', async () => {
    const r = TestRepo.init();
    r.write('compose.yaml', 'services:\n  web:\n    # Image of the web server.\n    image: nginx:1.27\n')
      .write('Dockerfile', 'FROM node:24\n# Port the app listens on\nENV PORT=8080\n')
      .write('.github/workflows/ci.yml', 'on: [push]\njobs:\n  test:\n    # Runs the tests.\n    runs-on: ubuntu-24.04\n    steps:\n      - run: npm test\n')
      .write('.env.example', '# Log level of the app\nLOG_LEVEL=info\n')
      .write('config/app.toml', '# Request timeout in seconds\ntimeout = 30\n')
      .write('config/app.ini', '[server]\n; Host to bind\nhost = 0.0.0.0\n');
    r.commit('Configuration');
    const root = mkdtempSync(join(tmpdir(), 'livewiki-keys-'));
    try {
      const res = await build(await loadConfig({ cwd: r.root, out: join(root, 'site') }));
      expect(res.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const json = JSON.parse(readFileSync(join(root, 'site', 'livewiki.json'), 'utf8')) as LivewikiJson;
      const keys = new Map(
        json.pages.flatMap((p) => p.sections.filter((s) => s.config).map((s) => [`${s.sources[0]!.path} ${s.key}`, s.config!] as const)),
      );
      expect(keys.get('compose.yaml services.web.image')).toMatchObject({ value: 'nginx:1.27', description: 'Image of the web server.' });
      expect(keys.get('.env.example LOG_LEVEL')).toMatchObject({ value: 'info', description: 'Log level of the app' });
      expect(keys.get('config/app.toml timeout')).toMatchObject({ value: '30', description: 'Request timeout in seconds' });
      expect(keys.get('config/app.ini server.host')).toMatchObject({ value: '0.0.0.0', description: 'Host to bind' });
      expect(keys.get('.github/workflows/ci.yml jobs.test.runs-on')).toMatchObject({ value: 'ubuntu-24.04' });
      expect([...keys.keys()].some((k) => k.startsWith('Dockerfile ') && k.includes('PORT'))).toBe(true);
    } finally {
      r.cleanup();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
