import { describe, expect, it } from 'vitest';
import { redactText, redactContent, redactHtmlText, isPlaceholder, fingerprintOf, looksSecret, type SecretFinding } from '../../src/secrets/index.ts';
import { scanText } from '../../src/secrets/scan.ts';
import { historyEntry, provenanceOf } from '../../src/provenance/attach.ts';
import type { Commit } from '../../src/model/history.ts';
import { body, extractAll, memoryFiles } from '../extract/config-helpers.ts';
import { assigned, DB_URL, forbidden, PRIVATE_KEY, SECRETS } from './corpus.ts';

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

describe('assignments in free text (issue 16: documents, code samples, API examples, doc comments, commit messages)', () => {
  const v = assigned('unit');
  const M = '«redacted:secret-assignment»';

  it('redacts every form of assignment to a secret-like name when the value looks like a secret', () => {
    const cases: [string, string][] = [
      [`export AWS_SECRET_ACCESS_KEY=${S.awsSecret}`, `export AWS_SECRET_ACCESS_KEY=${M}`],
      [`DB_PASSWORD=${v}`, `DB_PASSWORD=${M}`],
      [`set DB_PASSWORD="${v}"`, `set DB_PASSWORD=${M}`],
      [`password: ${v}`, `password: ${M}`],
      [`  - adminPassword: ${v}`, `  - adminPassword: ${M}`],
      [`# secret_key: ${v}`, `# secret_key: ${M}`],
      [`{"client_secret": "${v}", "id": 1}`, `{"client_secret": ${M}, "id": 1}`],
      [`{'apiKey': '${v}'}`, `{'apiKey': ${M}}`],
      [`const config = { authToken: "${v}" };`, `const config = { authToken: ${M} };`],
      [`api_key = "${v}"`, `api_key = ${M}`],
      [`token := "${v}"`, `token := ${M}`],
      [`:password => '${v}'`, `:password => ${M}`],
      [`os.environ["API_TOKEN"] = "${v}"`, `os.environ["API_TOKEN"] = ${M}`],
      [`mysql --password ${v} app`, `mysql --password ${M} app`],
      [`mysql --password=${v} app`, `mysql --password=${M} app`],
      [`cli --api-token '${v}'`, `cli --api-token ${M}`],
      [`https://api.example.com/cb?access_token=${v}&state=1`, `https://api.example.com/cb?access_token=${M}&state=1`],
      [`Deploy with DEPLOY_TOKEN=${v}`, `Deploy with DEPLOY_TOKEN=${M}`],
      ['password: P@ssw0rd!', `password: ${M}`],
    ];
    for (const [text, expected] of cases) {
      const r = redactContent(text);
      expect(r.text, text).toBe(expected);
      expect(r.findings[0]?.rule, text).toBe('secret-assignment');
    }
  });

  it('keeps placeholders, references, code, plain words and values under names that only contain a secret word', () => {
    const kept = [
      'GITHUB_TOKEN=${{ secrets.GITHUB_TOKEN }}',
      'API_TOKEN=<your-token>',
      'API_KEY=your_api_key_here',
      'PASSWORD=xxxxxxxxxx',
      'password=changeme',
      'api_key=example',
      'POSTGRES_PASSWORD=postgres',
      'POSTGRES_PASSWORD=mysecretpassword',
      'export TOKEN=$MY_TOKEN',
      'export TOKEN=${MY_TOKEN:-default}',
      'export GITHUB_TOKEN=$(gh auth token)',
      'token = getToken()',
      'const password = hashPassword(input);',
      'SECRET_KEY = settings.SECRET_KEY',
      'token: GITHUB_TOKEN',
      'password: string',
      'password = "correct horse battery staple"',
      'AUTH_DOMAIN=example.auth0.com',
      'session_timeout=3600',
      'SESSION_COOKIE_NAME=my_session',
      'sessionAffinity: ClientIP',
      'authoredAt: 2024-05-01T10:00:00Z',
      'PageToken=PAMMc26223853f8c46b4ab7dfaa6abba0a26',
      'bypass=Abc123def456',
      'passwordFile=Abc123def4/x.txt',
      'tokenizer=Abc123def456',
      'token == "Abc123def456"',
      'the token: see below',
      'the --token option sets the token',
      'DB_PASSWORD=hunter2',
    ];
    for (const t of kept) expect(redactContent(t).text, t).toBe(t);
    for (const value of ['postgres', 'sessionCookieName', 'my-app-secret', '1.2.3-beta.4', '2024-05-01', 'aaaaaaaaaaaa', 'settings.SECRET_KEY']) expect(looksSecret(value), value).toBe(false);
    for (const value of [v, S.awsSecret, S.literalInKey, 'mF_9.B5f-4.1JqM', 'wJalrXUtnFEMIbPxRfiCY']) expect(looksSecret(value), value).toBe(true);
  });

  it('finds an assignment through the HTML escaping of templates, and replaces only the value', () => {
    const sink: SecretFinding[] = [];
    const html = `<pre><code>export AWS_SECRET_ACCESS_KEY&#x3D;${S.awsSecret}\n&quot;client_secret&quot;: &quot;${v}&quot;</code></pre><p>keep&#x3D;me &amp; &lt;b&gt;</p>`;
    expect(redactHtmlText(html, sink)).toBe(`<pre><code>export AWS_SECRET_ACCESS_KEY&#x3D;${M}\n&quot;client_secret&quot;: ${M}</code></pre><p>keep&#x3D;me &amp; &lt;b&gt;</p>`);
    expect(sink.map((f) => f.rule)).toEqual(['secret-assignment', 'secret-assignment']);
  });

  it('is also what the output gate looks for, in HTML, JSON and compressed search fragments alike', () => {
    expect(scanText(`<code>DB_PASSWORD&#x3D;${v}</code>`, 'a/index.html', new Set()).map((f) => f.rule)).toEqual(['secret-assignment']);
    expect(scanText(JSON.stringify({ content: `set DB_PASSWORD=${v}` }), 'pagefind/fragment/x.pf_fragment', new Set()).map((f) => f.rule)).toEqual(['secret-assignment']);
    // Our own data never trips it: livewiki.json's keys and dates.
    expect(scanText('{"authoredAt": "2024-05-01T10:00:00+00:00", "authors": ["Ada"], "key": "DB_PASSWORD", "value": "«redacted:secret-key»"}', 'livewiki.json', new Set())).toEqual([]);
  });
});

describe('key ids lower-cased by a slug (D3)', () => {
  it('finds AWS and Google keys in either case, not words that share their prefix', () => {
    const text = `rotate-${S.aws.toLowerCase()}-now ${S.google.toLowerCase()} ${S.aws}`;
    expect(redactContent(text).text).toBe('rotate-«redacted:aws-access-key»-now «redacted:google-api-key» «redacted:aws-access-key»');
    expect(scanText(`<h2 id="rotate-${S.aws.toLowerCase()}-now">`, 'x/index.html', new Set()).map((f) => f.rule)).toEqual(['aws-access-key']);
    for (const word of ['asiapacificregionxxxx', 'Akiaiosfodnn7example', 'aizasomethingwithoutadigitinitatallxxxx']) expect(redactContent(`see ${word} here`).text, word).toBe(`see ${word} here`);
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
