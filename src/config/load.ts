// Finds, loads and validates the configuration; resolves defaults. Config errors are thrown as
// ConfigError (the CLI exits 2); they name the file, the key and what was expected.

import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, extname, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import type { z } from 'zod';
import { defaultCacheDir } from '../cache/location.ts';
import { configSchema, type LinkTemplates, type RedirectHost, type UserConfig } from './schema.ts';
import { normalizeSite, siteProblem } from './site-url.ts';

export const CONFIG_FILE_NAMES = ['livewiki.config.ts', 'livewiki.config.mjs', 'livewiki.config.js', 'livewiki.config.json'];

export const DEFAULT_OUT = 'livewiki-dist';
export const DEFAULT_INCLUDE = ['**/*.md', '**/*.markdown'];
export const DEFAULT_EXCLUDE = ['**/node_modules/**', '**/vendor/**', '**/.git/**'];

export class ConfigError extends Error {
  readonly file: string | null;
  constructor(message: string, file: string | null) {
    super(message);
    this.name = 'ConfigError';
    this.file = file;
  }
}

export interface ResolvedRepo {
  /** Configured id, or null to derive one from the remote / directory name. */
  name: string | null;
  path: string;
  include: string[];
  exclude: string[];
  links: LinkTemplates;
  openapi: string[];
  config: { include: string[]; exclude: string[] };
  /**
   * Build this commit (a full sha) from git objects alone, instead of HEAD and the working tree
   * (`livewiki diff` builds its two commits this way). Never set by a config file.
   */
  at?: string;
}

export interface ResolvedConfig {
  configFile: string | null;
  title: string | null;
  outDir: string;
  /** The absolute URL the wiki is served at, path ending with `/`; null when not configured. */
  site: string | null;
  repos: ResolvedRepo[];
  tickets: { prefixes: string[]; url: string | null };
  showEmails: boolean;
  failOn: 'error' | 'warning' | 'never';
  recent: number;
  deepen: boolean;
  /** Noise and attribution settings of the history (README, "Provenance"). */
  history: HistorySettings;
  /** Change history: changes of each source compared (Infinity = all), release tags compared for TypeScript. */
  changes: { depth: number; releases: number };
  templatesDir: string | null;
  /** Fingerprints of reviewed false positives of the secret gate. */
  allowedSecrets: string[];
  /** Cache folder for incremental builds; null when caching is off (`--no-cache`). */
  cacheDir: string | null;
  /** Static hosts to write redirect rules for (a content key: the rules only say what the ledger's HTML pages say). */
  redirects: RedirectHost[];
}

export interface HistorySettings {
  /** Configured commits to skip as a last change (`.git-blame-ignore-revs` is read too). */
  ignoreRevs: string[];
  /** Configured bot names / e-mail addresses. */
  bots: string[];
  /** Bulk commit thresholds: at least `minFiles` files and `share` of the tracked files. */
  bulk: { minFiles: number; share: number };
}

export const DEFAULT_BULK = { minFiles: 50, share: 0.3 } as const;

export interface LoadOptions {
  cwd: string;
  /** `--config FILE` */
  configFile?: string;
  /** `--repo PATH`: document this repository instead of the configured ones. */
  repo?: string;
  /** `--out DIR` */
  out?: string;
  /** `--site URL` */
  site?: string;
  /** `--deepen` */
  deepen?: boolean;
  /** `--cache DIR` (a path), or false for `--no-cache`. */
  cache?: string | false;
  /**
   * `--trust-config`: the config file is trusted like the CI workflow that runs livewiki, even
   * where it lies inside a repository (see `checkTrust`).
   */
  trustConfig?: boolean;
}

/**
 * Keys only the CI side may set: where output and cache go, which templates render every page,
 * which secret findings are waved through, whether e-mail addresses are published. A config file
 * that lies inside a documented repository is content of that repository (anyone who can merge a
 * commit writes it), so it may set only the other, content keys (RELIABILITY C1, T2).
 */
export const PRIVILEGED_KEYS = ['out', 'templates', 'cacheDir', 'secrets', 'showEmails'] as const;

const CODE_CONFIG = /\.(ts|mts|mjs|js|cjs)$/;

/** The top folder of the git work tree holding `path` (the nearest folder with a `.git` entry), or null. */
export function enclosingWorkTree(path: string): string | null {
  let dir: string;
  try {
    dir = realpathSync(path);
  } catch {
    return null;
  }
  for (;;) {
    if (existsSync(resolve(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

export async function loadConfig(options: LoadOptions): Promise<ResolvedConfig> {
  const file = options.configFile ? resolve(options.cwd, options.configFile) : findConfigFile(options.cwd);
  if (options.configFile && !existsSync(file!)) {
    throw new ConfigError(`${options.configFile}: config file not found`, options.configFile);
  }
  if (file && CODE_CONFIG.test(file) && !options.trustConfig) {
    // Code runs when imported, so whether to run it is decided before: never from inside a
    // repository (whose files anyone who can merge a commit writes) unless the CI says so.
    const tree = enclosingWorkTree(dirname(file));
    if (tree !== null) {
      throw new ConfigError(
        `${basename(file)}: a code config inside a git repository (${tree}) is not run: livewiki runs no code from a repository. ` +
          'Use livewiki.config.json (content keys only), keep the code config outside the repository, ' +
          'or pass --trust-config to trust it like your CI workflow file (then protect it like the workflow, e.g. with CODEOWNERS).',
        file,
      );
    }
  }
  const raw = file ? await readConfigFile(file) : {};
  const user = validate(raw, file);
  const config = resolveConfig(user, file, options);
  if (file && !options.trustConfig) checkTrust(user, file, config);
  return config;
}

/**
 * A JSON config inside a documented repository is that repository's content: it may set content
 * keys only, and may document only its own repository. Anything else is a located config error
 * that says where such a setting belongs.
 */
function checkTrust(user: UserConfig, file: string, config: ResolvedConfig): void {
  const configDir = realpathOr(dirname(file));
  const documented = config.repos.map((r) => enclosingWorkTree(r.path)).filter((t): t is string => t !== null);
  const home = documented.find((tree) => isInside(configDir, tree));
  if (home === undefined) return;
  const where = basename(file);
  const problems: string[] = [];
  for (const key of PRIVILEGED_KEYS) {
    if (user[key] === undefined) continue;
    problems.push(
      `${where}${locate(file, [key], true)}: "${key}" cannot be set by a config inside the documented repository ${home}; ` +
        `it is a CI-side setting (${key === 'out' ? 'use --out' : key === 'cacheDir' ? 'use --cache' : 'set it in a config outside the repository'}, or pass --trust-config to trust this file like your CI workflow)`,
    );
  }
  (user.repos ?? []).forEach((r, i) => {
    const tree = enclosingWorkTree(resolve(dirname(file), r.path));
    if (tree !== null && tree !== home) {
      problems.push(`${where}${locate(file, ['repos', i, 'path'])}: repos[${i}].path: a config inside the repository ${home} documents only that repository; ${r.path} is another one (document several repositories from a config outside them, or pass --trust-config)`);
    }
  });
  if (problems.length > 0) throw new ConfigError(problems.join('\n'), file);
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function findConfigFile(cwd: string): string | null {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = resolve(cwd, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

async function readConfigFile(file: string): Promise<unknown> {
  if (extname(file) === '.json') {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ConfigError(`${basename(file)}: not valid JSON (${(error as Error).message})`, file);
    }
  }
  // A .ts/.mjs config is code of the configuring project (the CI side): loadConfig runs it only
  // when it lies outside every git repository, or with --trust-config.
  try {
    const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    if (mod.default === undefined) {
      throw new ConfigError(`${basename(file)}: no default export; write \`export default defineConfig({ ... })\``, file);
    }
    return mod.default;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${basename(file)}: could not be loaded (${(error as Error).message})`, file);
  }
}

function validate(raw: unknown, file: string | null): UserConfig {
  const result = configSchema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  const where = file ? basename(file) : 'config';
  const lines = result.error.issues.map((issue) => {
    // An unknown key is located at the key itself, other problems at the offending value.
    const at = issue.code === 'unrecognized_keys' ? locate(file, [...issue.path, issue.keys[0]!], true) : locate(file, issue.path);
    return `${where}${at}: ${describeIssue(issue)}`;
  });
  throw new ConfigError(lines.join('\n'), file);
}

/** `repos[0].path` */
export function keyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || '(root)';
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = keyPath(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const keys = issue.keys.map((k) => (key === '(root)' ? k : `${key}.${k}`));
      return `unknown key ${keys.map((k) => `"${k}"`).join(', ')}; remove it or check its spelling`;
    }
    case 'invalid_type':
      return `${key}: expected ${issue.expected}, received ${received(issue.input)}`;
    case 'invalid_value':
      return `${key}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return `${key}: expected ${issue.message.replace(/^Invalid string: /, '')}`;
    case 'too_small':
      return `${key}: ${issue.origin === 'array' ? `expected at least ${issue.minimum} item(s)` : `expected ${issue.origin} >= ${issue.minimum}`}`;
    case 'too_big':
      return `${key}: expected ${issue.origin} <= ${issue.maximum}`;
    default:
      return `${key}: ${issue.message}`;
  }
}

function received(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  return typeof input;
}

/** `:line:col` of a key path in a JSON config, so editors can jump to it. */
function locate(file: string | null, path: readonly PropertyKey[], atKey = false): string {
  if (!file || extname(file) !== '.json') return '';
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter });
  let node: Node | null = doc.contents as Node | null;
  for (const [i, part] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === part);
      const key = pair?.key as Node | undefined;
      node = (atKey && i === path.length - 1 ? key : ((pair?.value as Node | undefined) ?? key)) ?? null;
    } else if (isSeq(node) && typeof part === 'number') {
      node = (node.items[part] as Node | undefined) ?? null;
    } else break;
  }
  if (!node?.range) return '';
  const pos = lineCounter.linePos(node.range[0]);
  return `:${pos.line}:${pos.col}`;
}

function resolveConfig(user: UserConfig, file: string | null, options: LoadOptions): ResolvedConfig {
  const base = file ? dirname(file) : options.cwd;
  const repos: ResolvedRepo[] = options.repo
    ? [{ name: null, path: resolve(options.cwd, options.repo), include: DEFAULT_INCLUDE, exclude: DEFAULT_EXCLUDE, links: {}, openapi: [], config: { include: [], exclude: [] } }]
    : (user.repos ?? [{ path: '.' }]).map((r) => ({
        name: r.name ?? null,
        path: resolve(base, r.path),
        include: r.include ?? DEFAULT_INCLUDE,
        exclude: [...DEFAULT_EXCLUDE, ...(r.exclude ?? [])],
        links: { ...user.links, ...r.links },
        openapi: r.openapi ?? [],
        config: { include: r.config?.include ?? [], exclude: r.config?.exclude ?? [] },
      }));
  if (options.repo) repos[0]!.links = { ...user.links };
  const templatesDir = user.templates ? resolve(base, user.templates) : null;
  if (templatesDir && !existsSync(templatesDir)) {
    throw new ConfigError(`${file ? basename(file) : 'config'}: templates: folder "${user.templates}" does not exist`, file);
  }
  const site = options.site ?? user.site ?? null;
  if (options.site !== undefined && siteProblem(options.site) !== null) {
    throw new ConfigError(`--site: "${options.site}" ${siteProblem(options.site)}`, null);
  }
  return {
    configFile: file,
    title: user.title ?? null,
    site: site === null ? null : normalizeSite(site),
    outDir: options.out ? resolve(options.cwd, options.out) : resolve(base, user.out ?? DEFAULT_OUT),
    repos,
    tickets: { prefixes: user.tickets?.prefixes ?? [], url: user.tickets?.url ?? null },
    showEmails: user.showEmails ?? false,
    failOn: user.failOn ?? 'error',
    recent: user.history?.recent ?? 10,
    deepen: options.deepen ?? user.history?.deepen ?? false,
    history: {
      ignoreRevs: user.history?.ignoreRevs ?? [],
      bots: user.history?.bots ?? [],
      bulk: { minFiles: user.history?.bulk?.minFiles ?? DEFAULT_BULK.minFiles, share: user.history?.bulk?.share ?? DEFAULT_BULK.share },
    },
    changes: {
      depth: user.history?.depth === undefined || user.history.depth === 'all' ? Number.POSITIVE_INFINITY : user.history.depth,
      releases: user.history?.releases ?? 5,
    },
    templatesDir,
    allowedSecrets: user.secrets?.allow ?? [],
    redirects: [...new Set(user.redirects ?? [])],
    cacheDir:
      options.cache === false ? null : options.cache !== undefined ? resolve(options.cwd, options.cache) : user.cacheDir ? resolve(base, user.cacheDir) : defaultCacheDir(base),
  };
}
