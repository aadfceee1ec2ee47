// The secret rules are searched with shortcuts (needle prefilter, anchored tries, candidate
// offsets for HTML text nodes). This test proves the shortcuts change nothing: over the vendored
// real-world corpus (test/corpus) and crafted edge cases, the optimized search gives exactly the hits of the
// plain algorithm kept below (every rule run over the whole text, as the rules are written).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redactHtmlText } from '../../src/secrets/index.ts';
import { findHits, findingOf, marker, type Hit, type SecretFinding } from '../../src/secrets/redact.ts';
import { ASSIGNMENT_RULES, CONTENT_RULES, GATE_RULES, TEXT_ASSIGNMENT_RULES, TEXT_RULES, type SecretRule } from '../../src/secrets/rules.ts';
import { CORPUS_ROOT } from '../helpers/corpus.ts';
import { DB_URL, PRIVATE_KEY, SECRETS } from './corpus.ts';

// --- The reference: findHits and redactHtmlText as they were before the shortcuts. ---

const referencePatterns = new WeakMap<SecretRule, RegExp>();
function referencePattern(rule: SecretRule): RegExp {
  let re = referencePatterns.get(rule);
  if (!re) {
    re = new RegExp(rule.re.source, rule.re.flags.includes('d') ? rule.re.flags : `${rule.re.flags}d`);
    referencePatterns.set(rule, re);
  }
  re.lastIndex = 0;
  return re;
}

function referenceFindHits(text: string, rules: SecretRule[]): Hit[] {
  const hits: Hit[] = [];
  for (const rule of rules) {
    const re = referencePattern(rule);
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m[0] === '') {
        re.lastIndex++;
        continue;
      }
      const span = m.indices?.groups?.s ?? m.indices?.[0];
      if (!span) continue;
      const value = text.slice(span[0], span[1]);
      if (value.startsWith('«redacted')) continue;
      if (rule.accept && !rule.accept(value, m)) {
        re.lastIndex = m.index + 1;
        continue;
      }
      hits.push({ rule: rule.id, start: span[0], end: span[1], value });
    }
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Hit[] = [];
  for (const hit of hits) {
    const last = kept[kept.length - 1];
    if (last && hit.start < last.end) continue;
    kept.push(hit);
  }
  return kept;
}

/** A text node as units (one character, or one character reference), each with what it stands for. */
function referenceUnits(raw: string): { raw: string; text: string }[] {
  return (raw.match(/&(?:#x[0-9a-f]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);|[\s\S]/giu) ?? []).flatMap((u) => {
    if (!u.startsWith('&') || u === '&') return [...u].map((c) => ({ raw: c, text: c }));
    const body = u.slice(1, -1).toLowerCase();
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    const cp = body.startsWith('#x') ? parseInt(body.slice(2), 16) : body.startsWith('#') ? parseInt(body.slice(1), 10) : -1;
    return [{ raw: u, text: cp >= 0 ? String.fromCodePoint(Math.min(cp, 0x10ffff)) : named[body]! }];
  });
}

function referenceRedactHtmlText(html: string, sink: SecretFinding[]): string {
  return html.replace(/>([^<]+)</g, (whole, raw: string) => {
    // Every node is searched with its character references decoded; what is replaced is the
    // run of units the hit covers, the other units stay as written.
    const units = referenceUnits(raw);
    const text = units.map((u) => u.text).join('');
    const hits = referenceFindHits(text, TEXT_RULES);
    if (hits.length === 0) return whole;
    let out = '';
    let pos = 0; // offset in `text` where the unit at hand starts
    let h = 0;
    for (const u of units) {
      const end = pos + u.text.length;
      while (h < hits.length && hits[h]!.end <= pos) h++;
      const hit = hits[h];
      if (hit && pos < hit.end && end > hit.start) {
        if (pos <= hit.start) out += marker(hit.rule);
      } else {
        out += u.raw;
      }
      pos = end;
    }
    sink.push(...hits.map((h) => findingOf(h, text, undefined)));
    return `>${out}<`;
  });
}

// --- Texts ---

function corpusTexts(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(CORPUS_ROOT, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(path);
      else out.push({ name: path, text: readFileSync(join(CORPUS_ROOT, path), 'utf8') });
    }
  };
  walk('');
  return out;
}

const S = SECRETS;
const jwt = S.jwt;
const longToken = 'Ab3' + 'xY9kLmN0pQ'.repeat(4);

/** One or more strings per rule, and the boundaries the shortcuts must respect. */
const CRAFTED: string[] = [
  '',
  'plain prose with no secret at all',
  // Every rule.
  ...Object.values(S).map((v) => `value ${v} end`),
  PRIVATE_KEY,
  `key:\n${PRIVATE_KEY.split('\n').slice(0, 2).join('\n')}`, // truncated block up to the end of the text
  '-----BEGIN RSA PRIVATE KEY-----\nMIIEpQIBAAKCAQEAuyf...\n-----END RSA PRIVATE KEY-----',
  `gitlab glpat-${longToken} gldt-${longToken} glptt-${longToken} glrt-${longToken}`,
  `slack xoxb-${longToken} xoxp-1234567890-abc`,
  `openai sk-${longToken} sk-proj-${longToken} sk-ant-api03-${longToken} task-${longToken}`,
  `sendgrid SG.${'a1B2c3D4e5F6g7H8i9J0kL'}.${'m1N2o3P4q5R6s7T8u9V0w1X2y3Z4a5B6c7D8e9F0g1H'}`,
  `stripe rk_test_${longToken} pk_live_${longToken}`,
  `Authorization: Bearer ${longToken}`,
  `Authorization: Basic ${Buffer.from('user:S3cretPassw0rd!').toString('base64')}`,
  'Authorization: Bearer <token-goes-here-please>',
  `Token   ${longToken}==`,
  `github ${S.github} and ${S.githubPat} gho_${longToken}`,
  `aws ASIA${'ABCDEFGHIJ234567'} A3TX${'ABCDEFGHIJ23456'} xAKIA${'ABCDEFGHIJ234567'}`,
  // URL passwords: scheme at the start, upper case, odd schemes, lengths at the limits.
  DB_URL,
  `HTTPS://user:${S.dbPassword}@host.example.com`,
  `PostgreSQL://admin:${S.dbPassword}@db`,
  `git+ssh://git:${S.dbPassword}@example.com/repo.git`,
  `x.y-z+w://a:${S.dbPassword}@h`,
  `a.b://u:${S.dbPassword}@h`,
  `a.bc://u:${S.dbPassword}@h`,
  `1abc://u:${S.dbPassword}@h`,
  `a://u:${S.dbPassword}@h`,
  `ab://u:${S.dbPassword}@h`,
  `${'s'.repeat(21)}://u:${S.dbPassword}@h`,
  `${'s'.repeat(22)}://u:${S.dbPassword}@h`,
  `x${'s'.repeat(20)}.y://u:${S.dbPassword}@h`,
  `word_mysql://u:${S.dbPassword}@h`,
  `(redis://:${S.dbPassword}@cache:6379/0)`,
  'postgres://app:${DB_PASSWORD}@db/app and mysql://root:$PASS@db',
  // A rejected match followed by another URL, and URLs back to back (the next scheme starts at
  // the last character the previous match took).
  `ab://u:\${X}@b://u:${S.dbPassword}@h`,
  `ab://u:\${X}@bc://u:${S.dbPassword}@h`,
  `ab://u:p4ssw0rd1@hb://u:${S.dbPassword}@x`,
  `ab://u:p4ssw0rd1@h.b://u:${S.dbPassword}@x`,
  `ab://u:p4ssw0rd1@h.bc://u:${S.dbPassword}@x`,
  `ab://u:p4ssw0rd1@h+bc://u:${S.dbPassword}@x`,
  `ab://u:«redacted:url-password»@hb://u:${S.dbPassword}@x`,
  `https://a:b@cd://d:e@fg://g:h@i`,
  'http://user:pass@host http://u:p@h',
  `s3://AKIA${'ABCDEFGHIJ234567'}:${S.dbPassword}@bucket`,
  // Already redacted values, and needles without a match.
  'token «redacted:github-token» and https://u:«redacted:url-password»@h',
  'ghp_ AKIA eyJ sk- SG. xox npm_ -----BEGIN :// Bearer Basic Token',
  'ends with a needle ://',
  '://u:p@h at the very start',
  // Rules overlapping one another.
  `Authorization: Bearer ${jwt}`,
  `API_TOKEN=${S.github} password: ${S.npm}`,
  `https://u:${S.github}@h?key=${S.google}`,
  `"client_secret": "${S.literalInKey}", "Api-Key": "${S.entropyB64}"`,
  `PASSWORD=${S.literalInKey}\nPassWord: ${S.literalInKey}\n  # secret_key: ${S.entropyHex}\nConnection_String='${DB_URL}'`,
  `MY_AUTH_COOKIE=${S.literalInKey};SESSION_ID=${S.entropyB64}&dsn=${DB_URL}`,
  `${S.entropyB64}${S.entropyB64}`,
  `hex ${S.entropyHex.slice(0, 20)} ${S.entropyHex.slice(0, 19)}`,
  `${S.aws}${S.github}`,
  `sha256:${S.entropyHex}${S.entropyHex} integrity="sha384-${S.entropyB64}"`,
  `${'A1b2'.repeat(300)} ${'z'.repeat(30)}== ${longToken}===`,
  // Key ids lower-cased by a slug (D3), and words that only look like their prefix.
  `rotate-${S.aws.toLowerCase()}-now ${S.google.toLowerCase()} asiapacificregion12345 akiaiosfodnnexamplex Akia${'ABCDEFGHIJ234567'}`,
  // Assignments in free text: every form, and the values that are not secrets.
  `export AWS_SECRET_ACCESS_KEY=${S.awsSecret}\nset DB_PASSWORD="${S.dbPassword}"\napi_key = '${S.literalInKey}'`,
  `"client_secret": "${S.dbPassword}", 'auth_token': '${longToken}', refreshToken: "${S.dbPassword}"`,
  `  - password: ${S.dbPassword}\n# secret_key: ${S.dbPassword}\nexport SESSION_SECRET: ${S.dbPassword}\r\n`,
  `docker login --password ${S.dbPassword} -u x; mysql --password=${S.dbPassword}; tool -token "${S.dbPassword}"`,
  `token := "${S.dbPassword}"; :password => '${S.dbPassword}'; os.environ["API_TOKEN"] = "${S.dbPassword}"`,
  `https://api.example.com/cb?access_token=${S.dbPassword}&token_type=bearer&PageToken=${S.dbPassword}`,
  'POSTGRES_PASSWORD=postgres TOKEN=${{ secrets.X }} API_TOKEN=<your-token> PASSWORD=xxxxxxxxxx password=changeme',
  'token = getToken(); password: string; SECRET_KEY = settings.SECRET_KEY; export TOKEN=$MY_TOKEN; bypass=Abc123def456',
  'authoredAt: 2024-05-01T10:00:00Z; AUTH_DOMAIN=example.auth0.com; sessionAffinity: ClientIP; tokenizer=Abc123def456',
  'password = "correct horse battery staple"; passwordHash=Abc123def456; compass=Abc123def456; autopassword=Abc123def456',
  `token == "${S.dbPassword}" token != '${S.dbPassword}' token =~ /${S.dbPassword}/ token=>${S.dbPassword}`,
  `PASSWORD=${S.dbPassword}PASSWORD=${S.dbPassword} --password\n${S.dbPassword}`,
];

/** Deterministic mixtures of the crafted pieces (a fixed linear congruential sequence). */
function mixtures(count: number): string[] {
  const pieces = CRAFTED.flatMap((t) => t.split(/(?<=[\s:@/=])/)).filter((p) => p !== '');
  const seps = ['', ' ', '\n', '"', "'", '@', ':', '/', '=', '-', '.', '_', 'x', '«'];
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = '';
    for (let k = 2 + rand(8); k > 0; k--) s += pieces[rand(pieces.length)]! + seps[rand(seps.length)]!;
    out.push(s);
  }
  return out;
}

const RULE_SETS: [string, SecretRule[]][] = [
  ['gate', GATE_RULES],
  ['content', CONTENT_RULES],
  ['content + assignment', [...CONTENT_RULES, ...ASSIGNMENT_RULES]],
  ['text', TEXT_RULES],
  ...[...CONTENT_RULES, ...ASSIGNMENT_RULES, ...TEXT_ASSIGNMENT_RULES, ...GATE_RULES].map((r, i): [string, SecretRule[]] => [`${r.id} #${i}`, [r]]),
];

describe('the optimized secret search', () => {
  const texts = [...CRAFTED, ...mixtures(3000)];

  it('finds every rule in the crafted texts (the comparison is not vacuous)', () => {
    const found = new Set(texts.flatMap((t) => findHits(t, [...CONTENT_RULES, ...ASSIGNMENT_RULES]).map((h) => h.rule)));
    expect([...found].sort()).toEqual([...new Set([...CONTENT_RULES, ...ASSIGNMENT_RULES].map((r) => r.id))].sort());
    const gate = new Set(texts.flatMap((t) => findHits(t, GATE_RULES).map((h) => h.rule)));
    expect([...gate].sort()).toEqual([...new Set(GATE_RULES.map((r) => r.id))].sort());
    // Some rules share an id (assignment forms, upper- and lower-case key ids): each must find something on its own.
    for (const [i, rule] of [...new Set([...CONTENT_RULES, ...ASSIGNMENT_RULES, ...TEXT_ASSIGNMENT_RULES, ...GATE_RULES])].entries()) {
      expect(texts.some((t) => findHits(t, [rule]).length > 0), `${rule.id} #${i}`).toBe(true);
    }
  });

  it('gives the same hits, in the same order, as the plain search on crafted edge cases', () => {
    for (const [name, rules] of RULE_SETS) {
      for (const text of texts) expect(findHits(text, rules), `${name}: ${JSON.stringify(text.slice(0, 80))}`).toEqual(referenceFindHits(text, rules));
    }
  });

  it('gives the same hits as the plain search on every file of the vendored corpus', () => {
    const files = corpusTexts();
    expect(files.length).toBeGreaterThan(100);
    let total = 0;
    for (const { name, text } of files) {
      for (const [setName, rules] of RULE_SETS.slice(0, 4)) {
        const expected = referenceFindHits(text, rules);
        total += expected.length;
        expect(findHits(text, rules), `${setName}: ${name}`).toEqual(expected);
      }
    }
    expect(total).toBeGreaterThan(0);
  }, 120_000);

  it('redacts rendered HTML exactly as redacting every text node would', () => {
    const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const hbsEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' };
    const hbsEscape = (t: string) => t.replace(/[&<>"'`=]/g, (c) => hbsEntities[c]!);
    const pages = [
      '',
      '<p>nothing here</p>',
      `<p>${escape(DB_URL)}</p><a href="${DB_URL}" title="${S.github}">link ${S.github}</a>`,
      `a>b ${S.aws}<i>${S.npm}</i>tail ${S.google}`,
      `<pre><code>${escape(PRIVATE_KEY)}</code></pre>`,
      `<p>${S.entropyB64}</p><p>${'x'.repeat(19)}</p><span>${S.jwt}</span>`,
      // Text before the first tag and after the last one (not a node), a node holding `>`,
      // empty and adjacent nodes, a needle cut by a tag, secrets only in attributes.
      `${S.github} lead<p>x</p>trail ${S.github}`,
      `<p>a>b>${S.npm} c</p><p></p><p>${S.aws}</p><p>d</p>`,
      `<b>ghp_</b>${S.github.slice(4)}<i>x://u:</i>${S.dbPassword}@h`,
      `<a href="https://u:${S.dbPassword}@h" data-k="${S.entropyB64}">ok</a><<>>${S.google}<`,
      `<p>${S.entropyHex.slice(0, 20)}</p><p>${S.entropyHex.slice(0, 19)}</p>`, // the shortest high-entropy token
      `<p>digest ${S.entropyHex}</p><span class="digest">${S.entropyHex}</span>`,
      ...CRAFTED.map((t, i) => `<div id="n${i}"><p>${escape(t)}</p><code>${t}</code></div>`),
      ...mixtures(500).map((t) => `<li>${t}</li><li>${escape(t)}</li>`),
      // Handlebars escapes `"`, `'`, `=` and backticks too: an assignment is found through them.
      ...CRAFTED.map((t) => `<p>${hbsEscape(t)}</p>`),
      ...mixtures(300).map((t) => `<li>${hbsEscape(t)}</li><li>${t.replace(/[=:"]/g, (c) => `&#${c.charCodeAt(0)};`)}</li>`),
      `<p>KEY&#x3D;&#x3d;x &amp;&amp; &#x1F600;&#128512; &#0; &#99999999; &bogus; &amp</p><p>PASSWORD&#x3D;${S.dbPassword}&#x1F600;</p>`,
    ];
    let total = 0;
    for (const html of [...pages, pages.join('\n')]) {
      const want: SecretFinding[] = [];
      const got: SecretFinding[] = [];
      const expected = referenceRedactHtmlText(html, want);
      expect(redactHtmlText(html, got), html.slice(0, 80)).toBe(expected);
      expect(got).toEqual(want);
      total += want.length;
    }
    expect(total).toBeGreaterThan(100);
  });
});
