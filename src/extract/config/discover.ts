// Which tracked files are configuration, and of what kind. Deny-by-file-class first
// (RELIABILITY §2.3 step 2): real `.env` files and key/credential files are `secret-file`.

import type { RepoFiles } from '../../model/snapshot.ts';
import picomatch from 'picomatch';
import type { Diagnostics } from '../../model/diagnostics.ts';

export interface FoundConfig {
  path: string;
  kind: string;
}


const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** Key, certificate-store and credential files: never read. */
const KEY_FILE = /(\.(pem|key|p12|pfx|jks|keystore|p8|ppk|gpg|kdbx|tfstate)|^id_(rsa|dsa|ecdsa|ed25519)(\.pub)?|^\.(npmrc|netrc|pypirc|pgpass|git-credentials|htpasswd)|^kubeconfig(\..*)?|.*credentials.*\.json|^service-?account.*\.json)$/i;

function isRealEnv(name: string): boolean {
  if (!/^\.env(\..+)?$/i.test(name) && !/\.env$/i.test(name)) return false;
  return !/(example|sample|template|dist|defaults?|schema|tpl)/i.test(name);
}

export function isEnvExample(name: string): boolean {
  return /^\.?env\.(example|sample|template|dist|defaults?|tpl)$/i.test(name) || /^\.env\..*(example|sample|template)$/i.test(name) || /^(example|sample)\.env$/i.test(name);
}

/** Generated data, dependencies, fixtures, lock files: never configuration pages. */
const SOURCE_CODE = /\.(m?[jt]sx?|cjs|cts|mts|py|go|rs|java|kt|rb|php|cs|sh|md)$/i;
const SKIP_DIR = /(^|\/)(node_modules|vendor|third_party|bower_components|\.git|dist|build|out|coverage|target|\.next|\.nuxt|\.astro|\.cache|__pycache__|fixtures?|__fixtures__|testdata|test-data|__snapshots__|__tests__)\//i;
const SKIP_FILE = /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.ya?ml|bun\.lockb?|composer\.lock|Cargo\.lock|poetry\.lock|Gemfile\.lock|Pipfile\.lock|go\.sum|uv\.lock|deno\.lock|package\.json|tsconfig(\.[\w-]+)?\.json|jsconfig\.json|[^/]*\.min\.json|[^/]*\.schema\.json|[^/]*\.(map|snap|ipynb|geojson|lock))$/i;

/** Kind by name alone, or null. */
export function kindByName(path: string): string | null {
  const name = base(path);
  const lower = name.toLowerCase();
  if (KEY_FILE.test(name) || isRealEnv(name) || /(^|\/)\.docker\/config\.json$/.test(path)) return 'secret-file';
  if (isEnvExample(name)) return 'env-example';
  // `Dockerfile.dev` is a Dockerfile; `dockerfile.ts` (code about Dockerfiles) is not.
  if ((/^(dockerfile|containerfile)(\.[\w.-]+)?$/i.test(name) && !SOURCE_CODE.test(name)) || /\.dockerfile$/i.test(name)) return 'dockerfile';
  if (/^(docker-)?compose(\.[\w.-]+)?\.ya?ml$/i.test(name)) return 'compose';
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return 'gh-workflow';
  if (/^\.gitlab-ci\.ya?ml$/i.test(name)) return 'gitlab-ci';
  if (name === 'Chart.yaml' || name === 'Chart.yml') return 'helm-chart';
  if (/^([\w.-]*[-_.])?values([-_.][\w.-]*)?\.ya?ml$/i.test(name)) return 'helm-values';
  if (/\.ya?ml$/i.test(lower)) return 'yaml';
  if (/\.(json|jsonc|json5)$/i.test(lower)) return /\.json5$/i.test(lower) ? null : 'json';
  if (/\.toml$/i.test(lower)) return 'toml';
  if (/\.(ini|cfg|conf\.ini)$/i.test(lower) || lower === '.editorconfig' || lower === 'setup.cfg') return 'ini';
  if (/\.properties$/i.test(lower)) return 'properties';
  return null;
}

const OPENAPI = /^["']?(openapi|swagger)["']?\s*:/m;
const K8S = /^apiVersion\s*:/m;
const K8S_KIND = /^kind\s*:/m;

/** Tracked configuration files by kind; see the contract in index.ts. */
export function discoverConfig(files: RepoFiles, globs: { include?: string[]; exclude?: string[] }, diagnostics: Diagnostics): FoundConfig[] {
  const include = globs.include && globs.include.length > 0 ? picomatch(globs.include, { dot: true }) : null;
  const exclude = globs.exclude && globs.exclude.length > 0 ? picomatch(globs.exclude, { dot: true }) : null;
  const found: FoundConfig[] = [];
  for (const path of files.paths) {
    let kind = kindByName(path);
    const included = include?.(path) ?? false;
    if (exclude?.(path)) continue;
    if (kind === null) {
      if (included) diagnostics.info('I_CONFIG_UNKNOWN_FORMAT', 'This file matches the configuration globs but its format is not known; it was skipped.', { repo: files.repo, file: path });
      continue;
    }
    // Secret files are listed whatever the skip rules say, so nothing downstream reads them as content.
    if (kind !== 'secret-file' && !included && (SKIP_DIR.test(path) || SKIP_FILE.test(path))) continue;
    if (kind === 'yaml' || kind === 'json' || kind === 'helm-values') {
      const text = files.read(path);
      if (text === null) continue;
      const head = text.slice(0, 8192);
      const jsonHead = kind === 'json' ? head.replace(/^\s*\{/, '') : head;
      if (OPENAPI.test(kind === 'json' ? jsonHead.replace(/^\s+/gm, '') : head)) continue;
      if (kind === 'yaml' && K8S.test(head) && K8S_KIND.test(head)) kind = 'k8s';
    }
    found.push({ path, kind });
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
