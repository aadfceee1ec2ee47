// Configuration pages in the whole pipeline: each key has the provenance of its own lines, and
// no secret planted anywhere (config files, a Kubernetes Secret, .env, .npmrc, Helm values, a
// kubeconfig, a workflow, Markdown prose, headings and code blocks, OpenAPI examples and
// descriptions, a TypeScript doc comment, commit messages) reaches any file of the output, search
// index, livewiki.json and ledger included (RELIABILITY U1, O9, Y11-Y13, C3; issue 16 item 3, D3).
// Names that become URLs (file names, OpenAPI tags, operationIds, schema names, config keys) are
// refused with the source named, and the site is not published.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { LivewikiJson } from '../../src/output/livewiki-json.ts';
import { build, type BuildResult } from '../../src/pipeline/run.ts';
import { filesContaining } from '../helpers/files.ts';
import { TestRepo } from '../helpers/git-repo.ts';
import { commitFacts, firstParentOrder, lastChangeOfLines } from '../helpers/git-truth.ts';
import { decodeEntities } from '../../src/utils/entities.ts';
import { stylish } from '../../src/cli/reporters/index.ts';
import { assigned, DB_URL, forbidden, PRIVATE_KEY, SECRETS } from '../secrets/corpus.ts';

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
    // A key that is itself a token: its section, anchor and livewiki.json key are made from the redacted key.
    .write('config/users.yaml', `users:\n  ${SECRETS.npm}: admin\n`)
    .write(
      'docs/ops.md',
      [
        '# Operations',
        '',
        `## Rotate ${SECRETS.aws} now`,
        '',
        'Rotate the key:',
        '',
        '```',
        PRIVATE_KEY,
        '```',
        '',
        `And the JWT \`${SECRETS.jwt}\`.`,
        '',
        `## Call with ${SECRETS.google}`,
        '',
        'Deploy:',
        '',
        '```sh',
        `export AWS_SECRET_ACCESS_KEY=${SECRETS.awsSecret}`,
        `export DB_PASSWORD=${assigned('sh')}`,
        `mysql --password ${assigned('flag')} app`,
        'GITHUB_TOKEN=${{ secrets.GITHUB_TOKEN }}',
        'API_TOKEN=<your-token>',
        'POSTGRES_PASSWORD=postgres',
        '```',
        '',
        '```yaml',
        'database:',
        `  password: ${assigned('yaml')}`,
        '```',
        '',
        '```json',
        `{"client_secret": "${assigned('json')}"}`,
        '```',
        '',
        '```toml',
        `api_key = "${assigned('toml')}"`,
        '```',
        '',
        `In production set \`SESSION_SECRET=${assigned('prose')}\`; the token: see below.`,
        '',
      ].join('\n'),
    )
    .write(
      'api/openapi.yaml',
      `openapi: 3.1.0\ninfo:\n  title: Tokens\n  version: '1'\npaths:\n  /me:\n    get:\n      summary: Who am I\n      description: Authenticate with API_KEY=${assigned('oasdesc')} first.\n      parameters:\n        - name: Authorization\n          in: header\n          example: Bearer ${SECRETS.jwt}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              example:\n                key: ${SECRETS.google}\n                github: ${SECRETS.github}\n                aws: ${SECRETS.aws}\n                note: "client_secret: '${assigned('oasex')}'"\n`,
    )
    .write('package.json', JSON.stringify({ private: true, workspaces: ['packages/*'] }, null, 2) + '\n')
    .write('packages/sdk/package.json', JSON.stringify({ name: 'sdk', version: '1.0.0', types: './src/index.ts' }, null, 2) + '\n')
    .write('packages/sdk/tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'NodeNext' } }) + '\n')
    .write('packages/sdk/src/index.ts', `/**\n * Connects the SDK.\n *\n * \`\`\`sh\n * export SDK_TOKEN=${assigned('tsdoc')}\n * \`\`\`\n */\nexport function connect(): void {}\n`)
    // .env parse matrix (Y11): export, multi-line quoted, `#` inside quotes, a reference, a duplicate, no final newline.
    .write('.env', `export API_KEY=${assigned('env1')}\nMULTI="first\n${assigned('env2')}\nlast"\nHASHED="abc#${assigned('env3')}"\nREF=\${OTHER}\nAPI_KEY=${assigned('env4')}\nLAST=${assigned('env5')}`)
    .write('.npmrc', `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${SECRETS.npm}\n`)
    .write('charts/app/values.yaml', `# -- Admin password\nadminPassword: ${assigned('helm')}\nauth:\n  token: ${SECRETS.stripe}\n`)
    .write('deploy/kubeconfig', `apiVersion: v1\nkind: Config\nusers:\n  - name: ci\n    user:\n      token: ${assigned('kube')}\n`)
    .write('k8s/secret-data.yaml', `apiVersion: v1\nkind: Secret\nmetadata:\n  name: data\ndata:\n  password: ${Buffer.from(assigned('b64')).toString('base64')}\n`)
    // Y13: a literal token is redacted, an indirection is shown as written.
    .write('.github/workflows/deploy.yml', `on: push\njobs:\n  deploy:\n    runs-on: ubuntu-24.04\n    env:\n      NPM_TOKEN: \${{ secrets.NPM_TOKEN }}\n      GH_TOKEN: ${SECRETS.githubPat}\n    steps:\n      - run: npm publish\n`);
  shas.initial = repo.commit(`Add config with ${SECRETS.aws} by mistake`);
  repo.write('compose.yaml', readFileSync(join(repo.root, 'compose.yaml'), 'utf8').replace('nginx:1.27', 'nginx:1.28'));
  shas.image = repo.commit('Bump nginx (#88)');
  repo.write('docs/ops.md', readFileSync(join(repo.root, 'docs/ops.md'), 'utf8').replace('Deploy:', 'Deploy it:'));
  shas.deploy = repo.commit(`Deploy with DEPLOY_TOKEN=${assigned('commit')}`);
  outRoot = mkdtempSync(join(tmpdir(), 'livewiki-secrets-'));
  out = join(outRoot, 'site');
  result = await build(await loadConfig({ cwd: repo.root, out }));
  wiki = JSON.parse(readFileSync(join(out, 'livewiki.json'), 'utf8')) as LivewikiJson;
}, 180_000);

afterAll(() => {
  repo.cleanup();
  rmSync(outRoot, { recursive: true, force: true });
});

/** The built page of the first page made from a source file. */
function pageHtml(path: string): string {
  const page = wiki.pages.find((p) => p.sources.some((src) => src.path === path));
  if (!page) throw new Error(`no page from ${path}`);
  return readFileSync(join(out, ...page.route.split('/').filter((x) => x !== ''), 'index.html'), 'utf8');
}

/** The text of that page as a reader sees it: code blocks are highlighted, so tokens of one line
 *  sit in spans of their own (tags dropped, entities decoded). */
function pageText(path: string): string {
  return decodeEntities(pageHtml(path).replace(/<[^>]*>/g, ''));
}

describe('configuration and secrets through the whole pipeline', () => {
  it('publishes, with the configuration keys as sections', () => {
    expect(result.published).toBe(true);
    const keys = wiki.pages.flatMap((p) => p.sections.filter((s) => s.kind === 'config-key').map((s) => s.key));
    expect(keys).toEqual(expect.arrayContaining(['services.web', 'PORT', 'timeout']));
  });

  it('publishes a page for every file a secret was planted in (so their absence below means something)', () => {
    const published = new Set(wiki.pages.flatMap((p) => p.sources.map((src) => src.path)));
    const planted = ['compose.yaml', '.env.example', 'k8s/secret.yaml', 'config/app.toml', 'config/users.yaml', 'docs/ops.md', 'api/openapi.yaml', '.env', 'charts/app/values.yaml', 'k8s/secret-data.yaml', '.github/workflows/deploy.yml'];
    expect(planted.filter((path) => !published.has(path))).toEqual([]);
    // `.npmrc` (C3) is no configuration livewiki documents: not published at all.
    expect(published.has('.npmrc')).toBe(false);
  });

  it('publishes no secret, nor a piece of one, in any output file', () => {
    for (const value of forbidden()) {
      if (value.length < 8) continue;
      expect(filesContaining(out, value), value.slice(0, 6)).toEqual([]);
    }
  });

  it('redacts assignments in every text it publishes: code blocks, prose, API examples and descriptions, doc comments, commit messages', () => {
    const places = ['sh', 'flag', 'yaml', 'json', 'toml', 'prose', 'oasdesc', 'oasex', 'tsdoc', 'commit', 'env1', 'env2', 'env3', 'env4', 'env5', 'helm', 'kube', 'b64'];
    for (const place of places) expect(filesContaining(out, assigned(place)), place).toEqual([]);
    expect(filesContaining(out, Buffer.from(assigned('b64')).toString('base64'))).toEqual([]);
    // The reproduction: the shell block is published, with the value replaced in place.
    const ops = pageText('docs/ops.md');
    expect(ops).toContain('export AWS_SECRET_ACCESS_KEY=«redacted:secret-assignment»');
    expect(ops).toContain('export DB_PASSWORD=«redacted:secret-assignment»');
    expect(ops).toContain('mysql --password «redacted:secret-assignment» app');
    expect(ops).toContain('password: «redacted:secret-assignment»');
    expect(ops).toContain('{"client_secret": «redacted:secret-assignment»}');
    expect(ops).toContain('api_key = «redacted:secret-assignment»');
    expect(ops).toContain('SESSION_SECRET=«redacted:secret-assignment»');
    // The search index holds the redacted text (the page is indexed, the value is not).
    expect(filesContaining(join(out, 'pagefind'), 'export DB_PASSWORD=«redacted:secret-assignment»').length).toBeGreaterThan(0);
    // Each other place was published (so its absence above means something).
    expect(wiki.pages.some((p) => p.sources.some((src) => src.path.startsWith('packages/sdk/'))), 'TypeScript page').toBe(true);
    expect(filesContaining(out, 'export SDK_TOKEN=«redacted:secret-assignment»').length).toBeGreaterThan(0);
    expect(filesContaining(out, 'Authenticate with API_KEY=«redacted:secret-assignment» first.').length).toBeGreaterThan(0);
    const subjects = JSON.stringify(wiki.pages.map((p) => p.provenance));
    expect(subjects).toContain('Deploy with DEPLOY_TOKEN=«redacted:secret-assignment»');
  });

  it('keeps placeholders and indirections as written, in documents and workflows (Y13)', () => {
    const ops = pageText('docs/ops.md');
    for (const kept of ['GITHUB_TOKEN=${{ secrets.GITHUB_TOKEN }}', 'API_TOKEN=<your-token>', 'POSTGRES_PASSWORD=postgres', 'the token: see below']) expect(ops).toContain(kept);
    const page = pageText('.github/workflows/deploy.yml');
    expect(page).toContain('${{ secrets.NPM_TOKEN }}');
    expect(page).not.toContain(SECRETS.githubPat);
  });

  it('makes heading anchors from the redacted heading (D3): id, TOC, livewiki.json and ledger', () => {
    const doc = wiki.pages.find((p) => p.sources.some((src) => src.path === 'docs/ops.md'))!;
    const anchors = doc.sections.map((s) => s.anchor);
    expect(anchors).toEqual(expect.arrayContaining(['rotate-redactedaws-access-key-now', 'call-with-redactedgoogle-api-key']));
    const html = pageHtml('docs/ops.md');
    expect(html).toContain('id="rotate-redactedaws-access-key-now"');
    expect(html).toContain('href="#rotate-redactedaws-access-key-now"');
    expect(readFileSync(join(out, 'livewiki-ledger.json'), 'utf8')).toContain('rotate-redactedaws-access-key-now');
    for (const lower of [SECRETS.aws.toLowerCase(), SECRETS.google.toLowerCase()]) expect(filesContaining(out, lower)).toEqual([]);
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

describe('secrets in names that become URLs (U1, D3, E11b)', () => {
  it('refuses to publish, naming each source: a file name, an OpenAPI tag, path, operationId and schema name', async () => {
    const named = TestRepo.init();
    named
      .write('README.md', '# Named\n\nfine\n')
      .write(`docs/${SECRETS.aws}.md`, '# Keys\n\ntext\n')
      .write(
        'api.yaml',
        [
          'openapi: 3.1.0',
          'info: {title: T, version: "1"}',
          'tags:',
          `  - name: ${SECRETS.github}`,
          'paths:',
          `  /keys/${SECRETS.google}:`,
          '    get:',
          `      tags: [${SECRETS.github}]`,
          `      operationId: op-${SECRETS.npm}`,
          '      responses:',
          "        '200':",
          '          description: ok',
          '          content:',
          '            application/json:',
          `              schema: {$ref: '#/components/schemas/${SECRETS.stripe}'}`,
          'components:',
          '  schemas:',
          `    ${SECRETS.stripe}: {type: object}`,
          '',
        ].join('\n'),
      )
    named.commit('Names');
    const root = mkdtempSync(join(tmpdir(), 'livewiki-names-'));
    try {
      const res = await build(await loadConfig({ cwd: named.root, out: join(root, 'site') }));
      expect(res.published).toBe(false);
      const names = res.diagnostics.filter((d) => d.code === 'E_SECRET_IN_NAME');
      const where = names.map((d) => `${d.file} ${/rule ([\w-]+)/.exec(d.message)![1]}`);
      expect(where).toEqual(
        expect.arrayContaining([
          'docs/«redacted:aws-access-key».md aws-access-key',
          'api.yaml github-token',
          'api.yaml google-api-key',
          'api.yaml npm-token',
          'api.yaml stripe-key',
        ]),
      );
      // Neither the diagnostics nor what a reporter prints of them hold a value, in any case.
      for (const text of [JSON.stringify(res.diagnostics), stylish(res.diagnostics)]) {
        for (const value of forbidden()) if (value.length >= 8) expect(text.includes(value), value.slice(0, 6)).toBe(false);
      }
      expect(readdirSync(root)).toEqual([]);
    } finally {
      named.cleanup();
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
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
