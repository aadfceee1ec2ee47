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
  { id: 'aws-access-key', re: /\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b/g, needles: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'], startsBefore: [0, 0] },
  { id: 'github-token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g, needles: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'], startsBefore: [0, 0] },
  { id: 'gitlab-token', re: /\bgl(?:pat|dt|ptt|rt)-[A-Za-z0-9_-]{20,}\b/g, needles: ['glpat-', 'gldt-', 'glptt-', 'glrt-'], startsBefore: [0, 0] },
  { id: 'npm-token', re: /\bnpm_[A-Za-z0-9]{36}\b/g, needles: ['npm_'], startsBefore: [0, 0] },
  { id: 'slack-webhook', re: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/_-]{20,}/g, needles: ['https://hooks.slack.com/'], startsBefore: [0, 0] },
  { id: 'slack-token', re: /\bxox[abposre]-[A-Za-z0-9-]{10,}\b/g, needles: ['xox'], startsBefore: [0, 0] },
  { id: 'stripe-key', re: /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g, needles: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'pk_live_', 'pk_test_'], startsBefore: [0, 0] },
  { id: 'google-api-key', re: /\bAIza[0-9A-Za-z_-]{35}\b/g, needles: ['AIza'], startsBefore: [0, 0] },
  { id: 'openai-key', re: /\bsk-(?:proj-|ant-(?:api\d\d-)?)?[A-Za-z0-9_-]{32,}\b/g, needles: ['sk-'], startsBefore: [0, 0] },
  { id: 'sendgrid-key', re: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g, needles: ['SG.'], startsBefore: [0, 0] },
  { id: 'jwt', re: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g, needles: ['eyJ'], startsBefore: [0, 0] },
  { id: 'auth-header', re: /\b(?:Bearer|Basic|Token)\s+(?<s>[A-Za-z0-9._~+/-]{16,}=*)/g, needles: ['Bearer', 'Basic', 'Token'], startsBefore: [0, 0], accept: (s) => !isPlaceholder(s) && /\d/.test(s) },
  { id: 'url-password', re: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@'"<>]{0,200}:(?<s>[^\s@/'"<>]{1,200})@[^\s@]/gi, needles: ['://'], startsBefore: [2, 21], accept: urlPassword },
  { id: 'high-entropy', re: /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{20,1000}={0,2}(?![A-Za-z0-9+/=_-])/g, hint: /[A-Za-z0-9+/_-]{20}/, accept: highEntropy },
];

/**
 * The output gate's rules: every format rule, but not the entropy detector. Entropy alone is too
 * noisy to stop a build on (API examples are full of ids, cursors and digests: 60 distinct hits
 * in the shared OpenAPI corpus); it redacts before rendering instead, where a false positive
 * costs a marker, not the publish.
 */
export const GATE_RULES: SecretRule[] = CONTENT_RULES.filter((r) => r.id !== 'high-entropy').map((r) =>
  // gitleaks' private-key rule: a real block has 64+ characters of key material before its END
  // line; a truncated documentation example (`MIIEpQ…...`) is redacted but does not stop the build.
  r.id === 'private-key' ? { id: 'private-key', re: /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY( BLOCK)?-----(?:(?!-----)[\s\S]){64,}-----END[ A-Z0-9_-]{0,100}PRIVATE KEY( BLOCK)?-----/g, needles: ['-----BEGIN'], startsBefore: [0, 0] } : r,
);

/**
 * `KEY=value`, `"key": "value"` and whole-line `key: value` assignments under secret-like key
 * names inside free text (comments, block strings, code samples). Used by the redactor only:
 * the output gate keeps to high-confidence formats so our own site chrome never trips it.
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
