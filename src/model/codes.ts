// The catalogue of diagnostics: every code livewiki reports, with its severity, a short title and
// the general advice (a diagnostic may carry a more specific hint of its own). Codes are
// permanent: a code is never reused for another problem. `npm run codes` writes
// docs/diagnostics.md from this file (a test checks it is current).

export interface CodeDef {
  severity: 'error' | 'warning' | 'info';
  title: string;
  hint: string;
}

export const CODES = {
  // Configuration and repositories
  E_REPO_DUPLICATE_ID: { severity: 'error', title: 'Two repositories have the same id', hint: 'Give one of them a distinct `name` in the configuration.' },
  E_REPO_MISSING: { severity: 'error', title: 'A configured repository folder does not exist', hint: 'Check `repos[].path` (relative to the config file) or clone the repository there; its pages stay as "source unavailable" meanwhile.' },
  E_NOT_A_REPO: { severity: 'error', title: 'Not a git repository', hint: 'Point livewiki at a git checkout (a Docker build context often lacks .git).' },
  E_GIT_MISSING: { severity: 'error', title: 'git is not installed', hint: 'Install git (2.31 or newer).' },
  E_GIT_DUBIOUS_OWNERSHIP: { severity: 'error', title: 'git refuses a repository owned by another user', hint: 'Run as the owner of the repository, or trust exactly this directory in the global git config (git config --global --add safe.directory <path>), which livewiki reads for this key only.' },
  E_GIT_FAILED: { severity: 'error', title: 'A git command failed', hint: 'The message quotes git; check that the repository is readable and not corrupt.' },
  E_GIT_TIMEOUT: { severity: 'error', title: 'A git command took too long', hint: 'Check the repository is on a local disk; very large histories may need a longer timeout.' },
  E_GIT_OUTPUT_TOO_LARGE: { severity: 'error', title: 'git printed more than livewiki reads', hint: 'The repository is unusually large; document a smaller part of it.' },
  W_GIT_EMPTY_REPO: { severity: 'warning', title: 'The repository has no commits', hint: 'Commit something, or remove the repository from the configuration.' },
  W_GIT_SHALLOW: { severity: 'warning', title: 'Shallow clone: some provenance is unknown', hint: 'Clone with full history (actions/checkout: fetch-depth: 0), or use --deepen.' },
  W_DEEPEN_FAILED: { severity: 'warning', title: 'The missing history could not be fetched', hint: 'Check that origin is an https or ssh URL and reachable, or check out with full history (fetch-depth: 0).' },
  I_DEEPENED: { severity: 'info', title: 'The full history was fetched', hint: 'Nothing to do; `fetch-depth: 0` avoids the fetch.' },
  W_GIT_IMPLAUSIBLE_DATE: { severity: 'warning', title: 'A commit has an implausible date', hint: 'Its pages show the date with a flag; check the committer’s clock (dates never decide the order of changes).' },
  W_GIT_MESSAGE_ENCODING: { severity: 'warning', title: 'Commit messages are not valid UTF-8', hint: 'Set i18n.commitEncoding when committing in another encoding.' },
  W_RENAME_DETECTION_DEGRADED: { severity: 'warning', title: 'Rename detection weakened (missing blobs)', hint: 'A full clone restores similarity-based rename detection.' },
  W_GIT_BLAME: { severity: 'warning', title: 'The lines of a file could not be attributed', hint: 'Its sections take the file’s last change instead; check the file is readable in git.' },
  I_BLAME_FALLBACK: { severity: 'info', title: 'Some files were blamed by git blame, not in one pass', hint: 'Same answer, slower. Usually blobs missing from a partial clone, or a history the one-pass engine cannot follow; a full clone avoids most.' },
  W_IGNORE_REVS_INVALID: { severity: 'warning', title: 'An ignored revision is not a full commit id', hint: 'List full commit ids in .git-blame-ignore-revs, one per line (`git log --format=%H -1 <rev>`); `#` starts a comment. The line is skipped meanwhile.' },
  W_GIT_BLOB_MISSING: { severity: 'warning', title: 'A file’s content is not in this clone', hint: 'Use a full (or blobless) clone.' },
  I_GIT_SUBMODULE_SKIPPED: { severity: 'info', title: 'A submodule is skipped', hint: 'Add the submodule as its own repository in the configuration to document it.' },
  I_UNTRACKED_SKIPPED: { severity: 'info', title: 'Untracked documents are not published', hint: '`git add` them to include them; they are then marked as uncommitted until committed.' },
  W_SYMLINK_SKIPPED: { severity: 'warning', title: 'A symbolic link is not followed', hint: 'Commit the file itself instead of a link to it.' },
  W_FILE_TOO_LARGE: { severity: 'warning', title: 'A file is too large to read', hint: 'Files over 20 MB are not read (a document keeps its page, with a banner); exclude it or split it.' },
  W_LFS_POINTER: { severity: 'warning', title: 'A file is a Git LFS pointer', hint: 'Its content is in Git LFS, not in git; a document keeps its page, saying so. Commit the file to git itself to publish it.' },
  W_TEXT_ENCODING: { severity: 'warning', title: 'A file is not valid UTF-8', hint: 'It is read as Windows-1252 (Latin-1); save it as UTF-8 to be sure it shows as intended.' },
  W_MANIFEST_PARSE: { severity: 'warning', title: 'package.json is not valid JSON', hint: 'Fix the JSON syntax; the overview shows no package facts meanwhile.' },
  I_CODEOWNERS_NO_OWNER: { severity: 'info', title: 'A CODEOWNERS rule has no owners', hint: 'Nothing to do if it is meant to remove ownership.' },

  // Extraction
  E_EXTRACT: { severity: 'error', title: 'A source could not be extracted', hint: 'This is a bug in livewiki if the file is valid; please report it with the file.' },
  E_FRONTMATTER: { severity: 'error', title: 'Front matter is not valid YAML', hint: 'Fix the YAML between the --- lines; the page is built without it.' },
  W_FRONTMATTER_NOT_OBJECT: { severity: 'warning', title: 'Front matter is not a mapping', hint: 'Write `key: value` lines between the --- lines.' },
  E_MD_TOO_COMPLEX: { severity: 'error', title: 'Markdown too complex to render', hint: 'Simplify the document (nesting, unclosed brackets or emphasis runs) or exclude it.' },
  W_MD_BINARY: { severity: 'warning', title: 'A Markdown file looks binary', hint: 'Rename it or exclude it from the docs globs if it is not Markdown.' },
  W_MD_INVISIBLE_CHARS: { severity: 'warning', title: 'Code or link text holds bidirectional or zero-width characters', hint: 'They are shown as <U+XXXX> markers; remove them unless they are meant to be there (Trojan Source, CVE-2021-42574).' },
  W_MD_LINK_UNRESOLVED: { severity: 'warning', title: 'A link or image target does not resolve', hint: 'Fix the path (relative to this file, or to the repository root with a leading /).' },
  I_MD_EXTERNAL_IMAGE: { severity: 'info', title: 'An external image became a link', hint: 'Commit the image to the repository to show it.' },
  E_OPENAPI_PARSE: { severity: 'error', title: 'An OpenAPI file could not be parsed', hint: 'Check the file is valid YAML/JSON.' },
  E_OPENAPI_TOO_LARGE: { severity: 'error', title: 'An OpenAPI file is too large', hint: 'Split the specification into smaller files joined with $ref, or exclude it.' },
  E_OPENAPI_VERSION: { severity: 'error', title: 'Unknown OpenAPI version', hint: 'Declare swagger: "2.0" or openapi: "3.0.4"/"3.1.1"/"3.2.0" as a quoted string.' },
  E_OPENAPI_INVALID: { severity: 'error', title: 'The specification breaks the OpenAPI schema', hint: 'Fix the document at the given JSON pointer.' },
  E_OPENAPI_ROOT_MISSING: { severity: 'error', title: 'A configured OpenAPI root is not a tracked file', hint: 'Fix the path in livewiki config.' },
  E_OPENAPI_REF_EXTERNAL: { severity: 'error', title: 'A $ref points to the network', hint: 'Vendor the referenced document into the repository and use a relative $ref.' },
  E_OPENAPI_REF_OUTSIDE: { severity: 'error', title: 'A $ref points outside the repository', hint: 'Use a relative $ref to a tracked file inside the repository (no absolute paths, no "..", no symlinks).' },
  E_OPENAPI_REF_MISSING: { severity: 'error', title: 'A $ref does not resolve', hint: 'Fix the JSON pointer or file name of the reference.' },
  E_OPENAPI_REF_UNPARSABLE: { severity: 'error', title: 'A $ref points to a file that does not parse', hint: 'Fix the referenced file (see its own diagnostic).' },
  E_OPENAPI_REF_INVALID: { severity: 'error', title: 'A $ref is not a valid reference', hint: 'Use "#/json/pointer" or "relative/file.yaml#/json/pointer".' },
  E_OPENAPI_INTERNAL: { severity: 'error', title: 'OpenAPI pages could not be built', hint: 'Please report this with the specification attached.' },
  W_OPENAPI_DUPLICATE_OPERATION: { severity: 'warning', title: 'An operation is defined twice', hint: 'Remove the duplicate method.' },
  W_OPENAPI_DUPLICATE_OPERATION_ID: { severity: 'warning', title: 'An operationId is not unique', hint: 'Give every operation its own operationId.' },
  E_OPENAPI_REF_CYCLE: { severity: 'error', title: 'A $ref leads back to itself', hint: 'Break the cycle: a path item, response or parameter cannot contain itself.' },
  E_OPENAPI_REF_DEPTH: { severity: 'error', title: 'References are nested too deeply', hint: 'Reduce how deeply references are nested.' },
  E_OPENAPI_REF_BUDGET: { severity: 'error', title: 'A specification expands beyond the resolver’s budget', hint: 'Use named components instead of copies, or split the specification.' },
  W_OPENAPI_REF_NOT_READ: { severity: 'warning', title: 'A $ref points to a file that is not YAML or JSON', hint: 'It is shown as a reference; livewiki reads only YAML and JSON for specifications.' },
  W_OPENAPI_TOO_DEEP: { severity: 'warning', title: 'A specification nests too deeply', hint: 'Flatten the structure or use named components.' },
  W_OPENAPI_EXPANSION_CAPPED: { severity: 'warning', title: 'A schema expands to too many nodes', hint: 'Use named schemas ($ref to components) instead of deeply inlined ones.' },
  E_YAML_PARSE: { severity: 'error', title: 'A YAML file could not be parsed', hint: 'Fix the YAML syntax at the given line.' },
  E_YAML_DUPLICATE_KEY: { severity: 'error', title: 'A YAML mapping has a key twice', hint: 'Remove or rename the duplicated key.' },
  E_YAML_TOO_DEEP: { severity: 'error', title: 'A YAML file nests too deeply', hint: 'Flatten the document.' },
  E_YAML_ALIASES: { severity: 'error', title: 'YAML aliases expand too much', hint: 'Replace nested YAML anchors/aliases with plain copies.' },
  E_JSON_PARSE: { severity: 'error', title: 'A JSON file could not be parsed', hint: 'Fix the JSON syntax at the given line (a missing comma or quote is the usual cause).' },
  E_JSON_DUPLICATE_KEY: { severity: 'error', title: 'A JSON object has a key twice', hint: 'Remove or rename the duplicated key.' },
  E_TOML_PARSE: { severity: 'error', title: 'A TOML file is invalid', hint: 'Fix the TOML syntax at the given line.' },
  W_ENV_LINE: { severity: 'warning', title: 'An environment file line is not KEY=value', hint: 'Fix or comment out the line.' },
  W_INI_LINE: { severity: 'warning', title: 'An INI line is not understood', hint: 'Write a [section], a comment or `key = value`.' },
  W_CONFIG_DUPLICATE_KEY: { severity: 'warning', title: 'A configuration key is set twice', hint: 'Remove the earlier setting; the last one usually wins.' },
  W_CONFIG_TOO_DEEP: { severity: 'warning', title: 'Configuration nests too deeply to list', hint: 'Keys nested deeper than the limit are not listed.' },
  W_CONFIG_TOO_LARGE: { severity: 'warning', title: 'A configuration file is too large to list', hint: 'Split the file, or exclude it.' },
  W_CONFIG_TOO_MANY_KEYS: { severity: 'warning', title: 'A configuration file has too many keys to list', hint: 'Split the file, or exclude it.' },
  I_CONFIG_UNKNOWN_FORMAT: { severity: 'info', title: 'A configured file’s format is not known', hint: 'Remove it from the configuration globs, or rename it with a known extension.' },
  E_TS_EXTRACT: { severity: 'error', title: 'TypeScript extraction failed', hint: 'See the message; the package page shows why.' },
  E_TS_CONVERT: { severity: 'error', title: 'TypeDoc could not convert the package', hint: 'Check the package builds with `tsc`; the package page shows why.' },
  E_TS_CHILD: { severity: 'error', title: 'The TypeDoc process failed', hint: 'Check the memory limit and the package’s size; the package page shows why.' },
  E_TS_TIMEOUT: { severity: 'error', title: 'TypeDoc took too long', hint: 'Narrow the entry points of this package in the livewiki configuration.' },
  E_TS_ENTRY_MISSING: { severity: 'error', title: 'A configured entry point is not a tracked file', hint: 'Entry points are relative to the configured package directory.' },
  E_TS_INCLUDE_OUTSIDE: { severity: 'error', title: 'A doc comment includes a file outside the package', hint: 'Include only files of the package itself.' },
  W_TS_NO_ENTRY: { severity: 'warning', title: 'No TypeScript entry point found', hint: 'Set `types`, `exports` or `main` in package.json, or configure the entry points.' },
  W_TS_TSCONFIG: { severity: 'warning', title: 'tsconfig.json could not be used', hint: 'Fix the tsconfig; livewiki converts with defaults meanwhile.' },
  W_TS_TYPEDOC: { severity: 'warning', title: 'TypeDoc reported a problem', hint: 'See the message; the rest of the package is shown.' },
  W_TS_UNRESOLVED: { severity: 'warning', title: 'Imported modules could not be resolved', hint: 'Types from dependencies are shown as written (livewiki never installs packages).' },

  // Structure, links and the ledger
  W_ROUTE_COLLISION: { severity: 'warning', title: 'Two pages have the same URL', hint: 'Rename one of the files so their names differ by more than case or punctuation.' },
  E_LINK_BROKEN: { severity: 'error', title: 'A link reaches no page of the wiki', hint: 'Link to an existing document (relative to this file), or remove the link.' },
  E_LINK_ANCHOR: { severity: 'error', title: 'A link’s #anchor is not on its page', hint: 'Link to an anchor the page has, or to the page itself.' },
  W_LEDGER_UNREADABLE: { severity: 'warning', title: 'The previous URL ledger could not be read', hint: 'Keep livewiki-ledger.json from the published site in the output folder between builds.' },
  W_LEDGER_KEEP: { severity: 'warning', title: 'The URL ledger could not be kept in the cache', hint: 'Check the cache folder is writable.' },
  W_LEDGER_UNTRUSTED: { severity: 'warning', title: 'The previous URL ledger is not trusted', hint: 'Never commit livewiki-ledger.json or a link in its place; keep the output folder and the cache outside the documented repositories.' },
  W_LEDGER_ENTRY_DROPPED: { severity: 'warning', title: 'An entry of the previous URL ledger was dropped', hint: 'The ledger holds something livewiki never writes (a URL that is not http(s), a removal that is not in the history, a redirect off the site); it was re-derived or dropped.' },

  // Secrets
  I_SECRET_REDACTED: { severity: 'info', title: 'Secret-looking text was replaced by a marker', hint: 'Check the value is not a real secret; if it is, rotate it.' },
  E_SECRET_IN_SOURCE: { severity: 'error', title: 'A secret-looking value is committed', hint: 'Remove the value from the source and rotate it; if it is a reviewed false positive, allow its fingerprint.' },
  E_SECRET_IN_OUTPUT: { severity: 'error', title: 'A secret-looking value would be published', hint: 'Remove the value from the source, or allow its fingerprint if it is a reviewed false positive.' },
  E_SECRET_IN_NAME: { severity: 'error', title: 'A name that becomes a URL holds a secret-looking value', hint: 'Rename the file, folder, tag, operationId, schema or key, and rotate the value: it is in the repository history. If it is a reviewed false positive, allow its fingerprint (and the gate’s).' },

  // Site and publishing
  E_SITE_ROUTE: { severity: 'error', title: 'A page has an unusable URL', hint: 'Rename the source file.' },
  E_SITE_ASSET: { severity: 'error', title: 'A file could not be written into the site', hint: 'See the message; nothing else is affected.' },
  E_SITE_ASTRO: { severity: 'error', title: 'Astro reported an error', hint: 'See the message; nothing was published.' },
  W_SITE_ASTRO: { severity: 'warning', title: 'Astro reported a warning', hint: 'See the message.' },
  E_SITE_BUILD: { severity: 'error', title: 'The site could not be built', hint: 'The previous output folder was left unchanged.' },
  E_SITE_SEARCH: { severity: 'error', title: 'The search index could not be built', hint: 'The previous output folder was left unchanged.' },
  W_SITE_SEARCH: { severity: 'warning', title: 'Pagefind reported a problem', hint: 'See the message; search may miss a page.' },
  E_SITE_VERIFY: { severity: 'error', title: 'The built site failed verification', hint: 'Nothing was published; please report this.' },
  E_OUT_DIR_UNSAFE: { severity: 'error', title: 'The output folder is not safe to replace', hint: 'Use an empty folder or a previous livewiki output (it has a .livewiki-output marker).' },
  E_OUT_DIR_LOCKED: { severity: 'error', title: 'Another build holds the output folder', hint: 'Wait for it, or remove the lock file if no build runs.' },
  I_SITE_STALE_CLEANED: { severity: 'info', title: 'Leftovers of an interrupted build were removed', hint: 'Nothing to do.' },
  I_SITE_CACHE_ASSETS: { severity: 'info', title: 'Cached pages did not fit this build', hint: 'Nothing to do: every page was built again.' },
  W_ASSET_TOO_LARGE: { severity: 'warning', title: 'An image is too large to publish', hint: 'Images over 10 MB are not published; compress it.' },

  // Cache
  I_CACHE_REBUILT: { severity: 'info', title: 'A cache entry was rebuilt', hint: 'Nothing to do: livewiki never trusts a cache entry it cannot verify. Delete the cache folder to start afresh.' },
  W_CACHE_WRITE: { severity: 'warning', title: 'The cache could not be written', hint: 'Check the cache folder is writable; the next build will not be faster.' },
  W_CACHE_UNTRUSTED: { severity: 'warning', title: 'The cache folder is not trusted', hint: 'Keep the cache outside every documented repository (the default), untracked by git and free of symbolic links; the build ran without it.' },
  W_CACHE_UNUSABLE: { severity: 'warning', title: 'Part of the cache cannot be used', hint: 'Delete the cache folder (livewiki makes it again); the build ran without that part.' },
} as const satisfies Record<string, CodeDef>;

export type Code = keyof typeof CODES;

/** Codes of one severity (so `diagnostics.error` only takes error codes). */
export type CodeOf<S extends CodeDef['severity']> = { [K in Code]: (typeof CODES)[K]['severity'] extends S ? K : never }[Code];

export function isCode(value: string): value is Code {
  return Object.hasOwn(CODES, value);
}
