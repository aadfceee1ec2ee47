import { describe, expect, it } from 'vitest';
import { redactText, isPlaceholder, fingerprintOf } from '../../src/secrets/index.ts';
import { historyEntry, provenanceOf } from '../../src/provenance/attach.ts';
import type { Commit } from '../../src/model/history.ts';
import { body, extractAll, memoryFiles } from '../extract/config-helpers.ts';
import { DB_URL, forbidden, PRIVATE_KEY, SECRETS } from './corpus.ts';

const S = SECRETS;

describe('redactText', () => {
  it('replaces each known token format by a whole-value marker naming its rule', () => {
    const cases: [string, string][] = [
      [S.aws, 'aws-access-key'],
      [S.github, 'github-token'],
      [S.githubPat, 'github-token'],
      [S.npm, 'npm-token'],
      [S.slack, 'slack-webhook'],
      [PRIVATE_KEY, 'private-key'],
      [S.jwt, 'jwt'],
      [S.stripe, 'stripe-key'],
      [S.google, 'google-api-key'],
      [S.entropyB64, 'high-entropy'],
      [S.entropyHex, 'high-entropy'],
    ];
    for (const [value, rule] of cases) {
      const { text, findings } = redactText(`before ${value} after`, { file: 'x.txt' });
      expect(text, rule).toBe(`before «redacted:${rule}» after`);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toEqual({ rule, fingerprint: fingerprintOf(value, 'x.txt'), file: 'x.txt', line: 1, column: 8 });
      expect(JSON.stringify(findings)).not.toContain(value.slice(0, 12));
    }
  });

  it('masks only the password of a URL, and values assigned to secret-looking names', () => {
    expect(redactText(`url: ${DB_URL}`).text).toBe('url: postgres://app:«redacted:url-password»@db.example.com:5432/app');
    expect(redactText(`DB_PASSWORD=${S.literalInKey} next`).text).toBe('DB_PASSWORD=«redacted:secret-assignment» next');
    expect(redactText(`{"client_secret": "${S.literalInKey}"}`).text).toBe('{"client_secret": «redacted:secret-assignment»}');
    expect(redactText(`line one\n  password: ${S.literalInKey}`).findings[0]).toMatchObject({ rule: 'secret-assignment', line: 2, column: 13 });
  });

  it('keeps placeholders, indirections, UUIDs, commit ids and digests', () => {
    const kept = [
      'token: ${{ secrets.NPM_TOKEN }}',
      'PASSWORD=${DB_PASSWORD}',
      'password: {{ .Values.password }}',
      'password: changeme',
      'API_TOKEN=<your-token>',
      'postgres://app:${DB_PASSWORD}@db/app',
      'id 123e4567-e89b-12d3-a456-426614174000',
      'commit 0123456789abcdef0123456789abcdef01234567',
      'image: nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      'automountServiceAccountToken: true',
      'The quick brown fox jumps over the lazy dog near prometheus-community/helm-charts',
    ];
    for (const t of kept) expect(redactText(t).text, t).toBe(t);
    for (const p of ['${{ secrets.X }}', '${VAR}', '{{ .Values.x }}', 'changeme', '<your-token>', 'YOUR_API_KEY', '$(DB_PASS)', '']) expect(isPlaceholder(p), p).toBe(true);
    expect(isPlaceholder(S.github)).toBe(false);
  });

  it('redacts commit subjects and author names where provenance is made', () => {
    const commit: Commit = {
      sha: 'a'.repeat(40),
      parents: [],
      author: { name: `Ada ${S.npm}`, email: 'ada@example.com' } as Commit['author'],
      coAuthors: [],
      committer: { name: 'Ada', email: 'ada@example.com' } as Commit['committer'],
      authoredAt: '2024-05-01T10:00:00Z',
      committedAt: '2024-05-01T10:00:00Z',
      subject: `Rotate key ${S.aws}`,
      body: '',
      refs: { pulls: [], issues: [], tickets: [] },
      url: null,
    };
    const prov = provenanceOf({ status: 'known', commit }, { showEmails: false });
    const entry = historyEntry(commit, { showEmails: false });
    for (const text of [JSON.stringify(prov), JSON.stringify(entry)]) {
      expect(text).not.toContain(S.aws);
      expect(text).not.toContain(S.npm);
      expect(text).toContain('Rotate key «redacted:aws-access-key»');
    }
  });
});

describe('configuration pages never show a secret', () => {
  const files = memoryFiles('leaky', {
    'values.yaml': [
      '# -- Token used for pulls, e.g. ' + S.github,
      'apiKey: ' + S.entropyB64,
      'note: "call with ' + S.npm + '"',
      'aws:',
      '  accessKeyId: ' + S.aws,
      '  aws_secret_access_key: ' + S.awsSecret,
      'auth:',
      '  user: app',
      '  pass: ' + S.literalInKey,
      'existingPassword: "{{ .Values.global.password }}"',
      'adminPassword: changeme',
      'jwt: |',
      '  ' + S.jwt,
      'certificate: |',
      ...PRIVATE_KEY.split('\n').map((l) => '  ' + l),
      '',
    ].join('\n'),
    'config/app.json': JSON.stringify({ slack: { webhook: S.slack }, db: { url: DB_URL }, billing: { key: S.stripe }, maps: S.google, build: S.entropyHex }, null, 2),
    '.env.example': `DATABASE_URL=${DB_URL}\nNPM_TOKEN=${S.npm}\nGITHUB_TOKEN=<your-token>\nPASSWORD=\${DB_PASSWORD}\n`,
    '.env': `API_SECRET=${S.literalInKey}\nPLAIN=${S.entropyB64}\n`,
    'compose.yaml': `services:\n  app:\n    image: app:1\n    environment:\n      AWS_ACCESS_KEY_ID: ${S.aws}\n      SESSION_TOKEN: ${S.jwt}\n      DATABASE_URL: ${DB_URL}\n      - BAD\n`.replace('      - BAD\n', ''),
    'k8s/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  annotations:\n    note: ${Buffer.from(S.literalInKey).toString('base64')}\ndata:\n  token: ${Buffer.from(S.literalInKey).toString('base64')}\nstringData:\n  password: ${S.literalInKey}\n`,
    'k8s/deploy.yaml': `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: app:1\n          env:\n            - name: DB_PASSWORD\n              value: ${S.literalInKey}\n            - name: API_KEY\n              valueFrom:\n                secretKeyRef:\n                  name: api\n                  key: key\n`,
    '.github/workflows/ci.yml': `on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      GH_TOKEN: ${S.github}\n      NPM_TOKEN: \${{ secrets.NPM_TOKEN }}\n    steps:\n      - run: echo hi\n`,
    'Dockerfile': `FROM node:22\nENV GITHUB_PAT=${S.githubPat}\nARG PASSWORD=${S.literalInKey}\n`,
    'settings.ini': `[db]\nurl = ${DB_URL}\npassword = ${S.literalInKey}\n`,
    'app.toml': `# token: ${S.github}\nprivate_key = """\n${PRIVATE_KEY}\n"""\nsecret = "${S.literalInKey}"\n`,
    'app.properties': `db.password=${S.literalInKey}\nslack.url=${S.slack}\n`,
    'package.json': '{"name": "leaky", "dependencies": {"x": "1.0.0"}}',
  });
  const { pages, diagnostics } = extractAll(files);
  const everything = pages
    .map((p) => [p.id, p.route, p.title, p.description, JSON.stringify(p.sections), JSON.stringify(p.banners ?? []), body(p)].join('\n'))
    .join('\n');

  it('builds a page for every file', () => {
    expect(pages.map((p) => p.id).sort()).toEqual([
      'leaky/config/.env',
      'leaky/config/.env.example',
      'leaky/config/.github/workflows/ci.yml',
      'leaky/config/Dockerfile',
      'leaky/config/app.properties',
      'leaky/config/app.toml',
      'leaky/config/compose.yaml',
      'leaky/config/config/app.json',
      'leaky/config/k8s/deploy.yaml',
      'leaky/config/k8s/secret.yaml',
      'leaky/config/settings.ini',
      'leaky/config/values.yaml',
      'leaky/requirements',
    ]);
    expect(JSON.stringify(diagnostics.items)).not.toContain(S.literalInKey);
  });

  it('leaves no secret, nor any piece of one, in any page text, section or body', () => {
    for (const f of forbidden()) expect(everything.includes(f), f.slice(0, 6)).toBe(false);
    expect(everything).not.toContain(Buffer.from(S.literalInKey).toString('base64'));
    expect(everything).not.toContain('BEGIN RSA PRIVATE KEY');
  });

  it('keeps placeholders and indirections as written', () => {
    expect(everything).toContain('{{ .Values.global.password }}');
    expect(everything).toContain('${{ secrets.NPM_TOKEN }}');
    expect(everything).toContain('${DB_PASSWORD}');
    expect(everything).toContain('&lt;your-token&gt;');
    expect(everything).toContain('<code>changeme</code>');
    expect(everything).toContain('API_KEY (from Secret api)');
    expect(everything).toContain('postgres://app:«redacted:url-password»@db.example.com:5432/app');
  });

  it('keeps the keys of a real .env and redacts every value', () => {
    const env = body(pages.find((p) => p.id === 'leaky/config/.env')!);
    expect(env).toContain('<code>API_SECRET</code>');
    expect(env).toContain('<code>PLAIN</code>');
    expect(env.match(/«redacted:secret-file»/g)).toHaveLength(2);
  });
});
