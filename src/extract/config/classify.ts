// Is a JSON, YAML or TOML file configuration? Most repositories hold far more data than
// configuration (API collections, fixtures, lockfiles, asset catalogues, translations, generated
// output); only configuration becomes a page. The rules, in order (README "What counts as
// configuration" documents them; `config.include` wins over all of them):
//   1. skipped kinds by path: lockfiles, manifests, vendored dependencies, generated output,
//      fixtures and test data, asset catalogues, translations;
//   2. known configuration: a known name (KNOWN_NAMES, KNOWN_PATTERNS) or a tool directory
//      (`.github/`, `.vscode/`, any dot-folder);
//   3. skipped kinds by content: collections, generated headers, minified JSON, translation maps;
//   4. a declared schema (`"$schema"`, `# yaml-language-server: $schema=`) is configuration;
//   5. otherwise configuration only where configuration lives (the repository root, a package
//      root, a config folder, a config-like name) and not too large; the rest is data.

export type SkipKind = 'lockfile' | 'dependency' | 'generated' | 'fixture' | 'collection' | 'asset-catalogue' | 'translation' | 'large-data' | 'data' | 'typescript-project';

/** What each skipped kind is, as said in the `I_CONFIG_SKIPPED` note. */
export const SKIP_REASONS: Record<SkipKind, string> = {
  lockfile: 'lockfiles (resolved dependency versions, not settings)',
  dependency: 'vendored dependencies',
  generated: 'generated files (build output, minified or marked as generated)',
  fixture: 'test fixtures and test data',
  collection: 'API client collections (Postman, Insomnia)',
  'asset-catalogue': 'asset catalogues (Xcode .xcassets, Lottie animations)',
  translation: 'translations',
  'large-data': 'large data files (over 256 KB, not a known configuration name)',
  data: 'data files (not a known configuration name, location or schema)',
  'typescript-project': 'TypeScript project files (tsconfig*.json, jsconfig.json: read by the TypeScript reference)',
};

/** Data files larger than this are not configuration unless their name says so. */
export const LARGE_DATA_BYTES = 256 * 1024;

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const dir = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

/** Known configuration file names (exact, case-insensitive). */
export const KNOWN_NAMES: readonly string[] = [
  // JavaScript and TypeScript tooling
  'turbo.json', 'lerna.json', 'nx.json', 'project.json', 'rush.json', 'pnpm-workspace.yaml', '.yarnrc.yml', 'deno.json', 'deno.jsonc', 'bunfig.toml',
  'biome.json', 'biome.jsonc', 'dprint.json', '.swcrc', 'angular.json', 'nest-cli.json', 'components.json', 'typedoc.json', 'api-extractor.json', 'knip.json',
  'cspell.json', '.cspell.json', 'cspell.yaml', '.size-limit.json', 'vercel.json', 'now.json', 'netlify.toml', 'firebase.json', '.firebaserc', 'app.json', 'eas.json',
  'wrangler.toml', 'wrangler.json', 'wrangler.jsonc', 'manifest.json', 'electron-builder.yml', 'electron-builder.json',
  // Repository services and bots
  'renovate.json', 'renovate.json5', 'codecov.yml', 'codecov.yaml', '.codecov.yml', '.coderabbit.yaml', '.coderabbit.yml', '.kodiak.toml', '.mergify.yml', 'mergify.yml',
  '.pre-commit-config.yaml', '.pre-commit-hooks.yaml', 'crowdin.yml', '.readthedocs.yaml', '.readthedocs.yml', 'mkdocs.yml', 'mkdocs.yaml', '_config.yml', '.gitpod.yml',
  '.travis.yml', 'appveyor.yml', '.appveyor.yml', 'azure-pipelines.yml', 'bitbucket-pipelines.yml', '.drone.yml', 'cloudbuild.yaml', 'cloudbuild.yml', 'buildspec.yml',
  'Taskfile.yml', 'Taskfile.yaml', 'lefthook.yml', '.lefthook.yml', '.goreleaser.yml', '.goreleaser.yaml', '.golangci.yml', '.golangci.yaml',
  // Deployment and infrastructure
  'serverless.yml', 'serverless.yaml', 'app.yaml', 'render.yaml', 'fly.toml', 'railway.json', 'railway.toml', 'skaffold.yaml', 'kustomization.yaml', 'kustomization.yml',
  'Chart.yaml', 'samconfig.toml', 'docker-bake.json', 'devcontainer.json', '.devcontainer.json', 'openapitools.json',
  // Python, Rust, Go and others
  'pyproject.toml', 'ruff.toml', '.ruff.toml', 'mypy.ini', 'setup.cfg', 'tox.ini', 'pytest.ini', '.flake8', '.pylintrc', '.coveragerc', 'environment.yml',
  'Cargo.toml', 'rust-toolchain.toml', 'rustfmt.toml', '.rustfmt.toml', 'clippy.toml', 'deny.toml', '.cargo/config.toml', 'buf.yaml', 'buf.gen.yaml', 'sqlc.yaml',
  'pubspec.yaml', 'analysis_options.yaml', '.editorconfig', 'codemagic.yaml', '.swiftlint.yml', 'hugo.toml', 'config.toml', 'netlify.yml',
];

/** Known configuration name patterns: tool rc files, `*.config.json`, `.eslintrc*`, `.prettierrc*` and the like. */
export const KNOWN_PATTERNS: readonly RegExp[] = [
  /^\.[\w.-]*rc(\.(json|jsonc|ya?ml|toml|cjs))?$/i, // .eslintrc.json, .prettierrc, .babelrc, .mocharc.yml, .releaserc.json, .lintstagedrc …
  /^[\w.-]+\.config\.(json|jsonc|ya?ml|toml)$/i, // babel.config.json, jest.config.json, vite.config.json …
  /^[\w.-]+[-_.]config\.(ya?ml|json|toml)$/i, // crowdin-config.yml, codegen.config …
  /^(config|configuration|settings|options|setup)([-_.][\w.-]+)?\.(json|jsonc|ya?ml|toml)$/i, // config.json, config.production.yaml, settings.json
  /^\.?markdownlint(-cli2)?\.(json|jsonc|ya?ml)$/i,
  /^(docker-)?compose(\.[\w.-]+)?\.ya?ml$/i,
  /^([\w.-]*[-_.])?values([-_.][\w.-]*)?\.ya?ml$/i, // Helm values
  /\.code-workspace$/i,
];

/** Folders where configuration lives (any dot-folder is one too: `.github/`, `.vscode/`, `.changeset/`). */
const CONFIG_DIR = /(^|\/)(\.[^/]+|config|configs|conf|settings|deploy|deployment|deployments|k8s|kubernetes|helm|charts|manifests|infra|infrastructure|ops|environments|env|ci)\//i;

const DOT_DIR = /(^|\/)\.[^/]+\//;
const LOCKFILE = /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.ya?ml|bun\.lockb?|composer\.lock|Cargo\.lock|poetry\.lock|Gemfile\.lock|Pipfile\.lock|go\.sum|uv\.lock|deno\.lock|flake\.lock|packages\.lock\.json|[^/]*\.lock(\.json)?)$/i;
const DEPENDENCY_DIR = /(^|\/)(node_modules|vendor|third_party|third-party|bower_components|jspm_packages|\.yarn)\//i;
const GENERATED_PATH = /(^|\/)(dist|build|out|coverage|target|\.next|\.nuxt|\.astro|\.svelte-kit|\.cache|\.turbo|__pycache__|generated|__generated__|gen)\/|(^|\/)[^/]*[.-]generated\.[^/]+$|\.min\.json$|\.(map|snap|ipynb|geojson|topojson)$/i;
const FIXTURE_DIR = /(^|\/)(fixtures?|__fixtures__|testdata|test-data|test_data|__snapshots__|__mocks__|mocks?)\/|(^|\/)(tests?|__tests__|spec|specs|e2e)\/(.+\/)?(data|samples?|examples?|inputs?|outputs?|expected|golden)\//i;
const TEST_DIR = /(^|\/)(\.?tests?|__tests__|spec|specs|e2e|cypress|playwright)\//i;
const ASSET_CATALOGUE = /\.(xcassets|imageset|appiconset|colorset|symbolset|launchimage|dataset|brandassets)\/(.+\/)?Contents\.json$|(^|\/)(lottie|animations?)\/[^/]+\.json$/i;
const TRANSLATION_DIR = /(^|\/)(locales?|i18n|l10n|lang|langs|translations?|messages|_locales)\//i;
const TRANSLATION_FILE = /\.(po|pot|xliff?|arb)\.json$|(^|\/)[a-z]{2,3}([-_][A-Za-z]{2,4})?\.(json|ya?ml)$/i;
const MANIFESTS = /(^|\/)(package\.json)$/;
const TS_PROJECT = /(^|\/)(tsconfig([.-][\w.-]+)?\.json|jsconfig\.json)$/i;

const GENERATED_HEADER = /@generated|\bDO NOT EDIT\b|\b(auto-?generated|automatically generated|code generated by|this file (is|was) generated)\b/i;
const POSTMAN = /"_postman_id"\s*:|schema\.getpostman\.com|"__export_format"\s*:|"_type"\s*:\s*"export"/;
const LOTTIE = /^\s*\{\s*"v"\s*:\s*"[\d.]+"\s*,\s*"fr"\s*:/;
const JSON_SCHEMA_META = /json-schema\.org\//i;

export type Verdict = { config: true } | { config: false; skip: SkipKind | null };

function isKnownName(path: string): boolean {
  const name = base(path).toLowerCase();
  if (KNOWN_NAMES.some((k) => (k.includes('/') ? path.toLowerCase().endsWith(k.toLowerCase()) : k.toLowerCase() === name))) return true;
  return KNOWN_PATTERNS.some((re) => re.test(base(path)));
}

/** `"$schema": "<url>"` (not a JSON Schema's own meta-schema) or a yaml-language-server / taplo schema comment. */
export function declaredSchema(head: string): string | null {
  const json = /^\s*\{[\s\S]{0,200}?"\$schema"\s*:\s*"([^"]+)"/.exec(head);
  const comment = /^#\s*(?:yaml-language-server:\s*\$schema=|:schema\s+)(\S+)/m.exec(head);
  const url = json?.[1] ?? comment?.[1] ?? null;
  return url !== null && !JSON_SCHEMA_META.test(url) ? url : null;
}

/** A JSON object whose leaves are all strings (at least three): a translation catalogue. */
function isStringMap(text: string): boolean {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return false;
  }
  let leaves = 0;
  const walk = (v: unknown, depth: number): boolean => {
    if (typeof v === 'string') return ++leaves > 0;
    if (depth > 8 || typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    return Object.values(v).every((x) => walk(x, depth + 1));
  };
  return walk(data, 0) && leaves >= 3 && typeof data === 'object';
}

/** Minified: one or two very long lines, at least 64 KB (small one-line files are still read: some tools write settings that way). */
function isMinified(text: string): boolean {
  if (text.length < 64 * 1024) return false;
  const lines = text.split('\n', 4);
  return lines.length <= 2 && (lines[0]?.length ?? 0) > 1000;
}

/**
 * The verdict for a JSON, YAML or TOML file. `read` gives the file's text (null when unreadable);
 * `packageRoots` are the folders holding a manifest (package.json, pyproject.toml, go.mod,
 * Cargo.toml), where a package's own configuration lives.
 */
export function classifyData(path: string, read: () => string | null, packageRoots: ReadonlySet<string>): Verdict {
  if (MANIFESTS.test(path)) return { config: false, skip: null };
  if (LOCKFILE.test(path)) return { config: false, skip: 'lockfile' };
  if (DEPENDENCY_DIR.test(path)) return { config: false, skip: 'dependency' };
  if (GENERATED_PATH.test(path)) return { config: false, skip: 'generated' };
  if (FIXTURE_DIR.test(path)) return { config: false, skip: 'fixture' };
  if (ASSET_CATALOGUE.test(path)) return { config: false, skip: 'asset-catalogue' };
  if (TRANSLATION_DIR.test(path)) return { config: false, skip: 'translation' };
  if (TS_PROJECT.test(path)) return { config: false, skip: 'typescript-project' };
  const known = isKnownName(path);
  if (TEST_DIR.test(path) && !known) return { config: false, skip: 'fixture' };
  if (known || DOT_DIR.test(path)) return { config: true };
  const text = read();
  if (text === null) return { config: false, skip: null };
  const head = text.slice(0, 4096);
  if (POSTMAN.test(head)) return { config: false, skip: 'collection' };
  if (LOTTIE.test(head)) return { config: false, skip: 'asset-catalogue' };
  if (GENERATED_HEADER.test(text.slice(0, 512))) return { config: false, skip: 'generated' };
  if (/\.json$/i.test(path) && isMinified(text)) return { config: false, skip: 'generated' };
  if (declaredSchema(head) !== null) return { config: true };
  if (/\.json$/i.test(path) && TRANSLATION_FILE.test(path) && isStringMap(text)) return { config: false, skip: 'translation' };
  if (text.length > LARGE_DATA_BYTES) return { config: false, skip: 'large-data' };
  const d = dir(path);
  const where = d === '' || packageRoots.has(d) || CONFIG_DIR.test(path) || /^\./.test(base(path));
  return where ? { config: true } : { config: false, skip: 'data' };
}

/** Folders holding a package manifest, from the tracked paths. */
export function packageRootsOf(paths: readonly string[]): Set<string> {
  const roots = new Set<string>();
  for (const p of paths) if (/(^|\/)(package\.json|pyproject\.toml|go\.mod|Cargo\.toml|composer\.json|pom\.xml|build\.gradle(\.kts)?|Gemfile|deno\.jsonc?)$/.test(p)) roots.add(dir(p));
  return roots;
}
