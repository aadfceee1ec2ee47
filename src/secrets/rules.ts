// Detection rules (RELIABILITY §2.3): known token formats (a gitleaks-derived subset), URL
// userinfo passwords, private key blocks, JWTs, and high-entropy tokens with detect-secrets'
// default limits. Rules are plain data so the redactor and the output gate share them.

export interface SecretRule {
  id: string;
  /** Global regex; a named group `s` marks the secret part, else the whole match is secret. */
  re: RegExp;
  /** Extra check on the secret part; false = not a secret after all. */
  accept?: (secret: string, match: RegExpExecArray) => boolean;
  /**
   * Literals of which every match contains one (compared case-insensitively when `re` has the
   * `i` flag, so write them in lower case then). A text containing none is skipped without
   * running `re`: most rules never apply to most texts.
   */
  needles?: string[];
  /**
   * Where a match starts relative to the needle it contains: at least `[0]` and at most `[1]`
   * characters before it. With it, `re` is only tried at those positions around each needle
   * (the same leftmost match, found without running the pattern over the whole text).
   */
  startsBefore?: [number, number];
  /**
   * For a rule without needles: a pattern (no `g` flag) that matches every text in which `re`
   * matches, cheaper to test (see `piecePrefilter`).
   */
  hint?: RegExp;
  /**
   * Searches the needles in a pass of their own (any name; rules naming the same one share it).
   * A needle starting with a common lower-case letter slows down the shared pass for every text
   * (the pattern's first-character check then lets most positions through); alone it is cheap.
   */
  scan?: string;
}

/** Key names whose values are secrets (RELIABILITY §2.3 step 3). */
export const SECRET_KEY_RE = /(pass(word|wd|phrase)?|secret|token|api[-_]?key|private[-_]?key|client[-_]?secret|credential|auth|cookie|session|dsn|conn(ection)?[-_]?str)/i;

/** Key names that look secret-like but name no secret (Kubernetes/Helm/CI vocabulary). */
const NOT_SECRET_KEYS = /^(author|authors|authority|authorized_keys_file|sessionaffinity|sessionaffinityconfig|automountserviceaccounttoken|tokenreviews?)$/i;

/** A last word that makes the key about a secret (its file, name, length…), not the secret itself. */
const ABOUT_SECRET = /^(file|files|path|paths|dir|directory|mount|mounts|name|names|ref|enabled|disabled|length|ttl|expiry|expiration|timeout|header|type|mode|format|count|size|url|uri|endpoint|policy|method|provider|duration|lifetime|required|optional|strategy)$/i;

function words(key: string): string[] {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
}

export function isSecretKey(key: string): boolean {
  if (!SECRET_KEY_RE.test(key) || NOT_SECRET_KEYS.test(key.replace(/[^A-Za-z_]/g, ''))) return false;
  const w = words(key);
  return !(w.length > 1 && ABOUT_SECRET.test(w[w.length - 1] ?? ''));
}

/**
 * Whether values below this key inherit its secrecy: only when the key's last word is the secret
 * word (`secrets`, `basicAuth`, `credentials`), not `extraSecretMounts` or `tlsSecretPerReplica`.
 */
export function isSecretContainerKey(key: string): boolean {
  if (!isSecretKey(key)) return false;
  const w = words(key);
  return SECRET_KEY_RE.test(w[w.length - 1] ?? '');
}

/** Obvious placeholders and indirections that are kept as written (detect-secrets' indirect-reference filter). */
export function isPlaceholder(value: string): boolean {
  const v = value.trim().replace(/^(["'])(.*)\1$/s, '$2').trim();
  if (v === '') return true;
  if (v.startsWith('«redacted')) return true;
  if (/^\$\{\{[^}]*\}\}$/.test(v)) return true; // ${{ secrets.X }}
  if (/^\$\{[A-Za-z_][A-Za-z0-9_.]*(?::?[-?=+][^}]*)?\}$/.test(v)) return true; // ${VAR}, ${VAR:-default}
  if (/^\$[A-Za-z_][A-Za-z0-9_]*$/.test(v)) return true; // $VAR
  if (/^\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(v)) return true; // $(VAR) (Kubernetes)
  if (/^\{\{[^}]*\}\}$/.test(v)) return true; // {{ .Values.x }}
  if (/^%\([A-Za-z_]\w*\)s$/.test(v) || /^%[A-Z_]+%$/.test(v)) return true;
  if (/^<[^<>]{1,80}>$/.test(v) || /^\[[A-Za-z _-]{1,60}\]$/.test(v)) return true; // <your-token>, [API KEY]
  if (/^(x+|\*+|\.{3}|-+|#+|0+)$/i.test(v)) return true;
  if (/^!(Ref|Sub|GetAtt|ImportValue|reference|vault|secret)\b/.test(v)) return true;
  if (/^(changeme|change[-_]?me|changeit|password|passw0rd|secret|example|placeholder|dummy|sample|test|testing|todo|tbd|none|null|nil|undefined|true|false|yes|no|on|off|redacted|masked|hidden|foo|bar|foobar|admin|user|root|string)$/i.test(v)) return true;
  if (/^(your|insert|enter|replace)[-_ ]?[a-z0-9_ -]{0,60}$/i.test(v) && !/\d{3}/.test(v)) return true; // your-token, YOUR_API_KEY
  return false;
}

export function shannonEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** detect-secrets' entropy detectors: hex ≥ 3.0, base64 ≥ 4.5, for tokens of 20+ characters. */
function highEntropy(token: string, match: RegExpExecArray): boolean {
  if (UUID.test(token)) return false;
  const before = match.input.slice(Math.max(0, match.index - 8), match.index);
  // Content digests (image@sha256:…, integrity="sha384-…") are public, not credentials.
  if (/sha(1|224|256|384|512)[:-]$/i.test(before)) return false;
  if (/^[0-9a-f]+$/i.test(token)) {
    // A full git commit id (40 hex) is public provenance, shown on every page.
    if (token.length === 40 || token.length === 64 && /@sha256:$|digest/i.test(before)) return false;
    return /[0-9]/.test(token) && /[a-f]/i.test(token) && shannonEntropy(token) >= 3.0;
  }
  // Random credentials of this length practically always mix digits and both cases; prose,
  // identifiers and URL paths rarely do. Paths (several `/`) are not tokens.
  if (!(/[0-9]/.test(token) && /[a-z]/.test(token) && /[A-Z]/.test(token))) return false;
  if ((token.match(/\//g) ?? []).length > 2 || (token.match(/-/g) ?? []).length > 3) return false;
  return shannonEntropy(token) >= 4.5;
}

/** Passwords in URL userinfo: `scheme://user:pass@host`. */
function urlPassword(secret: string): boolean {
  return !isPlaceholder(secret) && !/^\$\{?\w+\}?$/.test(secret);
}

export const CONTENT_RULES: SecretRule[] = [
  { id: 'private-key', re: /-----BEGIN[ A-Z0-9]{0,30}PRIVATE KEY( BLOCK)?-----[\s\S]*?(-----END[ A-Z0-9]{0,30}PRIVATE KEY( BLOCK)?-----|$(?![\s\S]))/g, needles: ['-----BEGIN'], startsBefore: [0, 0] },
  // Upper or lower case: an anchor or route lower-cases what it is made from, and an AWS key id is
  // upper-case by definition, so its lower-case form gives the key back (D3). A lower-case match
  // must hold a digit (real ids practically always do; words such as "asiapacific…" do not). The
  // two cases are spelt out rather than ignored (a case-insensitive needle search costs twice as
  // much); Google keys likewise.
  { id: 'aws-access-key', re: /\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b/g, needles: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'], startsBefore: [0, 0] },
  { id: 'aws-access-key', re: /\b(?:akia|asia|abia|acca|a3t[a-z0-9])[a-z0-9]{16}\b/g, needles: ['akia', 'asia', 'abia', 'acca', 'a3t'], startsBefore: [0, 0], accept: (s) => /\d/.test(s), scan: 'lower-case ids' },
  { id: 'github-token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g, needles: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'], startsBefore: [0, 0] },
  { id: 'gitlab-token', re: /\bgl(?:pat|dt|ptt|rt)-[A-Za-z0-9_-]{20,}\b/g, needles: ['glpat-', 'gldt-', 'glptt-', 'glrt-'], startsBefore: [0, 0] },
  { id: 'npm-token', re: /\bnpm_[A-Za-z0-9]{36}\b/g, needles: ['npm_'], startsBefore: [0, 0] },
  { id: 'slack-webhook', re: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/_-]{20,}/g, needles: ['https://hooks.slack.com/'], startsBefore: [0, 0] },
  { id: 'slack-token', re: /\bxox[abposre]-[A-Za-z0-9-]{10,}\b/g, needles: ['xox'], startsBefore: [0, 0] },
  { id: 'stripe-key', re: /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g, needles: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'pk_live_', 'pk_test_'], startsBefore: [0, 0] },
  { id: 'google-api-key', re: /\bAIza[0-9A-Za-z_-]{35}\b/g, needles: ['AIza'], startsBefore: [0, 0] },
  { id: 'google-api-key', re: /\baiza[0-9a-z_-]{35}\b/g, needles: ['aiza'], startsBefore: [0, 0], accept: (s) => /\d/.test(s), scan: 'lower-case ids' },
  { id: 'openai-key', re: /\bsk-(?:proj-|ant-(?:api\d\d-)?)?[A-Za-z0-9_-]{32,}\b/g, needles: ['sk-'], startsBefore: [0, 0] },
  { id: 'sendgrid-key', re: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g, needles: ['SG.'], startsBefore: [0, 0] },
  { id: 'jwt', re: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g, needles: ['eyJ'], startsBefore: [0, 0] },
  { id: 'auth-header', re: /\b(?:Bearer|Basic|Token)\s+(?<s>[A-Za-z0-9._~+/-]{16,}=*)/g, needles: ['Bearer', 'Basic', 'Token'], startsBefore: [0, 0], accept: (s) => !isPlaceholder(s) && /\d/.test(s) },
  { id: 'url-password', re: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@'"<>]{0,200}:(?<s>[^\s@/'"<>]{1,200})@[^\s@]/gi, needles: ['://'], startsBefore: [2, 21], accept: urlPassword },
  { id: 'high-entropy', re: /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{20,1000}={0,2}(?![A-Za-z0-9+/=_-])/g, hint: /[A-Za-z0-9+/_-]{20}/, accept: highEntropy },
];

/**
 * `KEY=value`, `"key": "value"` and whole-line `key: value` assignments under secret-like key
 * names inside the values of configuration files (block strings, comments): any value that is
 * not a placeholder is taken for a secret, as the key says. Free text (documents, code samples,
 * commit messages) uses TEXT_ASSIGNMENT_RULES instead, which also look at the value.
 */
// Every key alternative of the assignment patterns contains one of these (`api_key` and
// `private-key` both contain `key`, all the `pass…` forms contain `pass`).
const KEY_NEEDLES = ['pass', 'secret', 'token', 'key', 'credential', 'auth', 'cookie', 'session', 'dsn', 'conn'];

export const ASSIGNMENT_RULES: SecretRule[] = [
  {
    id: 'secret-assignment',
    needles: KEY_NEEDLES,
    re: /(?<k>[A-Za-z0-9_.-]*(?:pass(?:word|wd|phrase)?|secret|token|api[-_]?key|private[-_]?key|credential|auth|cookie|session|dsn|conn(?:ection)?[-_]?str)[A-Za-z0-9_.-]*)["']?[ \t]*=[ \t]*(?<s>"[^"\n]*"|'[^'\n]*'|[^\s"'&;,]+)/gi,
    accept: (s, m) => isSecretKey(m.groups?.k ?? '') && !isPlaceholder(s) && !/^\d{1,6}$/.test(s),
  },
  {
    id: 'secret-assignment',
    needles: KEY_NEEDLES,
    re: /"(?<k>[A-Za-z0-9_.-]*(?:pass(?:word|wd|phrase)?|secret|token|api[-_]?key|private[-_]?key|credential|auth|cookie|session|dsn|conn(?:ection)?[-_]?str)[A-Za-z0-9_.-]*)"\s*:\s*(?<s>"(?:[^"\\\n]|\\.)*")/gi,
    accept: (s, m) => isSecretKey(m.groups?.k ?? '') && !isPlaceholder(s),
  },
  {
    id: 'secret-assignment',
    needles: KEY_NEEDLES,
    re: /^[ \t#/*-]*(?<k>[A-Za-z0-9_.-]*(?:pass(?:word|wd|phrase)?|secret|token|api[-_]?key|private[-_]?key|credential|auth|cookie|session|dsn|conn(?:ection)?[-_]?str)[A-Za-z0-9_.-]*)["']?:[ \t]+(?<s>[^\s#][^\n#]*?)[ \t]*$/gim,
    accept: (s, m) => isSecretKey(m.groups?.k ?? '') && !isPlaceholder(s) && !/^(\d{1,6}|[|>][-+]?\d?|[[{].*)$/.test(s.trim()),
  },
];

// --- Assignments in free text ---
//
// Documents, code samples, API examples, doc comments and commit messages assign secrets as
// `KEY=value`, `export KEY=value`, `KEY: value`, `"key": "value"`, `key = "value"` (TOML, INI),
// `key := value`, `key => value` and `--password value`. A key name alone says little there
// (`token = getToken()`, `password: string`, `POSTGRES_PASSWORD=postgres`), so the value must look
// like a secret too: gitleaks' generic-api-key and detect-secrets' KeywordDetector work the same way.

/** The secret words of SECRET_KEY_RE; each match starts at one (the rest of the key is looked up behind it). */
const KEYWORD = String.raw`(?:pass(?:word|wd|phrase)?|secret|token|api[-_]?key|private[-_]?key|credential|auth|cookie|session|dsn|conn(?:ection)?[-_]?str)`;
// `api` and `private` alone are everywhere in API documents: their needles carry the `key`.
const TEXT_NEEDLES = ['pass', 'secret', 'token', 'apikey', 'api_key', 'api-key', 'privatekey', 'private_key', 'private-key', 'credential', 'auth', 'cookie', 'session', 'dsn', 'conn'];
/** An unquoted value: up to white space, a quote, a separator or a closing bracket. */
const BARE = String.raw`[^\s"'\`,;&<>)\]}]+`;
const QUOTED = String.raw`"(?:[^"\\\n]|\\.){0,500}"|'(?:[^'\\\n]|\\.){0,500}'`;

/** Prefixes that make one word with a secret word after them (`dbpassword`, `accesstoken`). */
const GLUED_PREFIX = /(?:^|[^a-z])(?:db|my|app|admin|root|user|api|client|access|refresh|auth|bearer|master|private|secret|x)$/;

/**
 * The whole key a match starts inside (`AWS_SECRET_ACCESS_KEY` for a match at `SECRET`), or null
 * when the secret word is glued inside another word (`bypass`, `compass`, `autopassenger`).
 */
function keyOf(match: RegExpExecArray): string | null {
  const before = /[A-Za-z0-9_.-]*$/.exec(match.input.slice(Math.max(0, match.index - 100), match.index))?.[0] ?? '';
  const head = before.replace(/^[-.]+/, '');
  const prev = head.slice(-1);
  const first = match.input[match.index] ?? '';
  // The secret word starts a word: first in the key, after a separator or a digit, at a
  // camelCase hump, or after a known prefix written in the same case.
  const wordStart = head === '' || /[^A-Za-z]/.test(prev) || (/[a-z]/.test(prev) && /[A-Z]/.test(first)) || GLUED_PREFIX.test(head.toLowerCase());
  const k = match.groups?.k ?? '';
  // …and ends one, but for a plural or a known longer form: `authoredAt`, `passenger` and
  // `TOKENIZER` hold a secret word without being about a secret.
  const word = KEYWORD_AT_START.exec(k)?.[0] ?? '';
  const rest = k.slice(word.length);
  const more = (/[A-Z]$/.test(word) ? /^[A-Z]+/ : /^[a-z]+/).exec(rest)?.[0] ?? '';
  return wordStart && WORD_ENDINGS.has(more.toLowerCase()) ? head + k : null;
}

const KEYWORD_AT_START = new RegExp(`^${KEYWORD}`, 'i');
/** What may follow a secret word in the same word: plurals, `authn`/`authz`, `authorization`. */
const WORD_ENDINGS = new Set(['', 's', 'es', 'n', 'z', 'orization', 'entication']);

/** Character classes of a value: lower, upper, digit, and symbols other than `-_.` separators. */
function classesOf(v: string): number {
  return Number(/[a-z]/.test(v)) + Number(/[A-Z]/.test(v)) + Number(/[0-9]/.test(v)) + Number(/[^A-Za-z0-9_.-]/.test(v));
}

/** Letter-case changes per character: about one in two for random text, a few per word for identifiers. */
function caseChanges(v: string): number {
  let n = 0;
  for (let i = 1; i < v.length; i++) if (/[a-z]/.test(v[i - 1]!) !== /[a-z]/.test(v[i]!) && /[A-Za-z]/.test(v[i - 1]!) && /[A-Za-z]/.test(v[i]!)) n++;
  return n / v.length;
}

/**
 * Whether a value assigned to a secret-like key in free text looks like a secret: 8+ characters,
 * no white space, not a placeholder, reference, URL, path, code expression, number, version,
 * host name or plain identifier; at least two character classes and some randomness.
 */
export function looksSecret(raw: string): boolean {
  let v = raw.trim();
  if (/^(["'`]).*\1$/s.test(v)) v = v.slice(1, -1);
  if (v.length < 8 || v.length > 500 || /\s/.test(v) || isPlaceholder(v)) return false;
  // References and templates: $VAR, ${VAR}, $(cmd), {{ x }}, %VAR%, @Value, !vault, *alias, &anchor.
  if (/\$\{|\$\(|\{\{|\}\}|^[$%@!*&#]|%[A-Za-z_]+%/.test(v)) return false;
  // URLs (their passwords are the url-password rule's) and paths.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) || /^(\.{0,2}\/|~\/)/.test(v)) return false;
  // Code: calls, indexing, generics, member chains (settings.SECRET_KEY, os.environ, getToken()).
  if (/[()[\]{}<>]/.test(v) || /^[A-Za-z_$][\w$]*(?:(?:\.|::|->)[A-Za-z_$][\w$]*)+$/.test(v)) return false;
  // Names of other variables (GITHUB_TOKEN), numbers, sizes, versions, dates and times.
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(v) || /^v?[\d.,:_+-]+[a-z]{0,3}$/i.test(v) || /^v?\d+(?:\.\d+)+(?:[-+][\w.]+)?$/.test(v)) return false;
  // Timestamps (ISO 8601).
  if (/^\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?$/i.test(v)) return false;
  // Host names and e-mail addresses.
  if (/^(?:[\w.+-]+@)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?$/i.test(v)) return false;
  // Many repeats of one character (`aaaaaaaa`, `12121212`) are fillers.
  if (shannonEntropy(v) < 2.5) return false;
  // Words and identifiers (sessionCookie, my-app-secret): letters alone must look random.
  if (!/\d/.test(v) && /^[A-Za-z]+(?:[_.-][A-Za-z]+)*$/.test(v)) return v.length >= 16 && caseChanges(v) >= 0.3;
  // Entropy can reach log2(length) at most: short passwords (`P@ssw0rd!`) get a lower bar.
  return classesOf(v) >= 2 && shannonEntropy(v) >= Math.min(3, Math.log2(v.length) - 0.5);
}

/** Keys with a secret word that name public values: pagination cursors, CSRF nonces, tokenizers. */
const PUBLIC_TOKEN_KEY = /(page|next|continuation|sync|cursor|csrf|xsrf|idempotency)token|tokeni[sz]er/;

function textAssignment(value: string, match: RegExpExecArray): boolean {
  const key = keyOf(match);
  return key !== null && isSecretKey(key) && !PUBLIC_TOKEN_KEY.test(key.toLowerCase().replace(/[^a-z]/g, '')) && looksSecret(value);
}

export const TEXT_ASSIGNMENT_RULES: SecretRule[] = [
  {
    // KEY=value, export KEY=value, key = "value", key := value, key => value, ?token=value, --token=value
    id: 'secret-assignment',
    needles: TEXT_NEEDLES,
    startsBefore: [0, 0],
    re: new RegExp(String.raw`(?<k>${KEYWORD}[A-Za-z0-9_.-]*)["'\]]{0,2}[ \t]*(?:=>|:=|=(?![=~]))[ \t]*(?<s>${QUOTED}|${BARE})`, 'gi'),
    accept: textAssignment,
  },
  {
    // "key": "value", 'key': 'value', key: "value" (JSON, JavaScript, Python, inline YAML)
    id: 'secret-assignment',
    needles: TEXT_NEEDLES,
    startsBefore: [0, 0],
    re: new RegExp(String.raw`(?<k>${KEYWORD}[A-Za-z0-9_.-]*)["']?[ \t]*:[ \t]*(?<s>${QUOTED})`, 'gi'),
    accept: textAssignment,
  },
  {
    // key: value, alone on its line (YAML, .env-like listings, comments, `- password: x`)
    id: 'secret-assignment',
    needles: TEXT_NEEDLES,
    startsBefore: [0, 0],
    re: new RegExp(String.raw`(?<=^[ \t#/*>-]*(?:export[ \t]+)?[A-Za-z0-9_.-]*)(?<k>${KEYWORD}[A-Za-z0-9_.-]*)["']?:[ \t]+(?<s>${BARE})[ \t]*\r?$`, 'gim'),
    accept: textAssignment,
  },
  {
    // --password value, --api-token 'value' (command lines)
    id: 'secret-assignment',
    needles: TEXT_NEEDLES,
    startsBefore: [0, 0],
    re: new RegExp(String.raw`(?<=(?:^|[\s"'])--?[A-Za-z0-9-]*)(?<k>${KEYWORD}[A-Za-z0-9-]*)[ \t]+(?<s>${QUOTED}|${BARE})`, 'gi'),
    accept: textAssignment,
  },
];

/**
 * The output gate's rules: every format rule and the free-text assignments, but not the entropy
 * detector. Entropy alone is too noisy to stop a build on (API examples are full of ids, cursors
 * and digests: 60 distinct hits in the shared OpenAPI corpus); it redacts before rendering
 * instead, where a false positive costs a marker, not the publish.
 */
export const GATE_RULES: SecretRule[] = CONTENT_RULES.filter((r) => r.id !== 'high-entropy').map((r): SecretRule =>
  // gitleaks' private-key rule: a real block has 64+ characters of key material before its END
  // line; a truncated documentation example (`MIIEpQ…...`) is redacted but does not stop the build.
  r.id === 'private-key' ? { id: 'private-key', re: /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY( BLOCK)?-----(?:(?!-----)[\s\S]){64,}-----END[ A-Z0-9_-]{0,100}PRIVATE KEY( BLOCK)?-----/g, needles: ['-----BEGIN'], startsBefore: [0, 0] } : r,
).concat(TEXT_ASSIGNMENT_RULES);

/** What every published text passes (pages, livewiki.json, commit subjects, names, diagnostics). */
export const TEXT_RULES: SecretRule[] = [...CONTENT_RULES, ...TEXT_ASSIGNMENT_RULES];


