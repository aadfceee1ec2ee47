// The one schema of livewiki's configuration. Unknown keys are errors (a typo must not be
// silently ignored). `npm run schema` publishes it as JSON Schema for editors.

import { z } from 'zod';
import { siteProblem } from './site-url.ts';

const urlTemplate = z
  .string()
  .regex(/^https?:\/\/\S+$/, 'an http(s) URL template such as "https://tracker.example.com/browse/{key}"');

export const linkTemplatesSchema = z.strictObject({
  /** `{sha}` */
  commit: urlTemplate.optional(),
  /** `{number}` */
  pull: urlTemplate.optional(),
  /** `{number}` */
  issue: urlTemplate.optional(),
  /** `{key}` */
  ticket: urlTemplate.optional(),
  /** `{sha}` and `{path}` */
  file: urlTemplate.optional(),
  /** `{sha}` and `{path}` */
  history: urlTemplate.optional(),
});

export const repoSchema = z.strictObject({
  /** Path of a local git repository (relative to the config file). */
  path: z.string().min(1),
  /** Repository id: the first URL segment of its pages. Defaults to the directory name. */
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, ".", "_" or "-", starting with a letter or digit')
    .optional(),
  /** Globs (over tracked paths) of Markdown documents to publish. */
  include: z.array(z.string().min(1)).optional(),
  /** Globs of tracked paths to leave out. */
  exclude: z.array(z.string().min(1)).optional(),
  /** Forge URL templates, when the `origin` remote does not tell (or tells wrong). */
  links: linkTemplatesSchema.optional(),
  /** Extra OpenAPI root documents (paths inside the repository), besides those found by content. */
  openapi: z.array(z.string().min(1)).optional(),
  /** Globs (over tracked paths) that add files to, or remove them from, the configuration reference. */
  config: z
    .strictObject({
      include: z.array(z.string().min(1)).optional(),
      exclude: z.array(z.string().min(1)).optional(),
    })
    .optional(),
});

/** Static hosts whose redirect rules a build writes from the URL ledger (src/ledger/hosts.ts). */
export const REDIRECT_HOSTS = ['netlify', 'cloudflare', 'vercel', 'nginx', 's3'] as const;
export type RedirectHost = (typeof REDIRECT_HOSTS)[number];

export const configSchema = z.strictObject({
  /** JSON configs may name their schema for editors. */
  $schema: z.string().optional(),
  /** Site title. Defaults to the (first) repository's name. */
  title: z.string().min(1).optional(),
  /** Output folder (relative to the config file). */
  out: z.string().min(1).optional(),
  /**
   * The absolute URL the wiki is served at (`https://acme.github.io/wiki/`); its path is the base
   * of every page. Used for canonical (and feed, sitemap) URLs and the 404 page; pages link
   * relatively, so the wiki works under any path even without it.
   */
  site: z
    .string()
    .regex(/^https?:\/\/[^\s?#]+$/, 'the absolute http(s) URL the wiki is served at, e.g. "https://acme.github.io/wiki/"')
    .refine((v) => siteProblem(v) === null, { error: (issue) => `the absolute http(s) URL the wiki is served at: ${String(issue.input)} ${siteProblem(String(issue.input))}` })
    .optional(),
  repos: z.array(repoSchema).min(1).optional(),
  tickets: z
    .strictObject({
      /** Ticket key prefixes, e.g. ["LFE", "OPS"]: `LFE-123` in a commit message becomes a ticket link. */
      prefixes: z.array(z.string().regex(/^[A-Z][A-Z0-9]{0,15}$/, 'upper-case letters and digits, e.g. "OPS"')),
      /** URL template with `{key}`. */
      url: urlTemplate.optional(),
    })
    .optional(),
  /** Default forge URL templates for every repository. */
  links: linkTemplatesSchema.optional(),
  /** Publish authors' e-mail addresses (off by default: names only). */
  showEmails: z.boolean().optional(),
  /** Which diagnostics make the command exit with status 1. */
  failOn: z.enum(['error', 'warning', 'never']).optional(),
  history: z
    .strictObject({
      /** How many recent changes each page lists. */
      recent: z.number().int().min(1).max(100).optional(),
      /** On a shallow clone, fetch the missing history from `origin` first. */
      deepen: z.boolean().optional(),
      /** Commits that are never a page's or a line's last change (full ids), besides the repository's `.git-blame-ignore-revs`. */
      ignoreRevs: z.array(z.string().regex(/^([0-9a-f]{40}|[0-9a-f]{64})$/, 'a full commit id (40 or 64 lower-case hex digits)')).optional(),
      /** Authors that are bots (names or e-mail addresses, case-insensitive), besides `[bot]` names and GitHub bot addresses. */
      bots: z.array(z.string().min(1)).optional(),
      /** Bulk commits (formatting-only or rename-only) are skipped as a page's last change when they touch at least `minFiles` files and `share` of the tracked files. */
      bulk: z
        .strictObject({
          minFiles: z.number().int().min(1).optional(),
          share: z.number().min(0).max(1).optional(),
        })
        .optional(),
      /**
       * How many of each source's most recent changes are compared section by section (its change
       * history and the changelog); older changes stay in the file history. Default: all of them.
       */
      depth: z.union([z.number().int().min(0), z.literal('all')]).optional(),
      /** How many of the newest release tags a TypeScript package's API is compared across (TypeDoc runs once per release that changed the package, then is cached). Default 5; 0 turns it off. */
      releases: z.number().int().min(0).max(1000).optional(),
    })
    .optional(),
  /** Folder of Handlebars templates that replace livewiki's by name (relative to the config file). */
  templates: z.string().min(1).optional(),
  /** Cache folder for incremental builds (relative to the config file); default: outside the checkout, `$XDG_CACHE_HOME/livewiki/<project>` (else `~/.cache/livewiki/<project>`). Refused inside a documented repository. */
  cacheDir: z.string().min(1).optional(),
  /**
   * Server-side redirect rules to write beside the HTML redirect and tombstone pages, for the
   * static hosts that serve the wiki: `netlify` (`_redirects`, 301 and 410), `cloudflare`
   * (`_redirects`, 301 only), `vercel` (`vercel.json`), `nginx` (a `map` include), `s3` (routing rules).
   */
  redirects: z
    .array(z.enum(REDIRECT_HOSTS))
    .refine((hosts) => !(hosts.includes('netlify') && hosts.includes('cloudflare')), 'netlify and cloudflare both write _redirects; choose one')
    .optional(),
  secrets: z
    .strictObject({
      /** Reviewed false positives of the output gate, by the fingerprint its error prints (never by value). */
      allow: z.array(z.string().regex(/^[0-9a-f]{16}$/, 'a 16-character fingerprint as printed by the secret gate')).optional(),
    })
    .optional(),
});

export type UserConfig = z.input<typeof configSchema>;
export type LinkTemplates = z.infer<typeof linkTemplatesSchema>;
