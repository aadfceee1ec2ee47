// Forge links inferred from the `origin` remote URL. Pure: no git, no network.
// Credentials in remote URLs (`https://user:token@host/...`) never leave this module.
import type { ForgeLinks } from '../model/history.ts';

export interface ParsedRemote {
  host: string;
  /** Path without leading `/` and without `.git`, e.g. `group/sub/project`. */
  path: string;
}

const HOST_RE = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;
const SEGMENT_RE = /^[A-Za-z0-9_.~-]+$/;

/**
 * Parses https/http, `ssh://[user@]host[:port]/path` and scp-like `[user@]host:path` URLs.
 * Returns null for anything else (local paths, `file://`, `ext::`, odd characters).
 */
export function parseRemoteUrl(url: string): ParsedRemote | null {
  const trimmed = url.trim();
  let host: string;
  let path: string;
  let port = '';
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed);
  if (scheme) {
    const proto = scheme[1]!.toLowerCase();
    if (!['https', 'http', 'ssh', 'git', 'git+ssh', 'ssh+git'].includes(proto)) return null;
    let u: URL;
    try {
      u = new URL(trimmed.replace(/^[a-z+]+:/i, 'https:'));
    } catch {
      return null;
    }
    host = u.hostname;
    // Only an https port is meaningful for web links; ssh ports are not.
    if ((proto === 'https' || proto === 'http') && u.port) port = `:${u.port}`;
    path = decodeURIComponent(u.pathname);
  } else {
    const scp = /^(?:[^@/:\s]+@)?([^/:\s]+):(?!\/\/)(.+)$/.exec(trimmed);
    if (!scp) return null;
    host = scp[1]!;
    path = scp[2]!;
  }
  if (!HOST_RE.test(host)) return null;
  path = path.replace(/^\/+/, '').replace(/\/+$/, '').replace(/\.git$/, '');
  const segments = path.split('/');
  if (segments.length < 2 || !segments.every((s) => SEGMENT_RE.test(s) && s !== '.' && s !== '..')) return null;
  return { host: host.toLowerCase() + port, path: segments.join('/') };
}

/** The URL with any user name and password removed; safe to log and publish. */
export function redactRemoteUrl(url: string): string {
  const trimmed = url.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    return trimmed.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
  }
  // scp-like `user@host:path` carries a login name (usually `git`), never a secret.
  return trimmed;
}

type Kind = ForgeLinks['kind'];

function kindOf(host: string): Kind {
  const h = host.replace(/:\d+$/, '');
  if (h === 'github.com' || h.includes('github')) return 'github';
  if (h === 'gitlab.com' || h.includes('gitlab')) return 'gitlab';
  if (h === 'bitbucket.org' || h.includes('bitbucket')) return 'bitbucket';
  return 'custom';
}

function templatesFor(kind: Kind, web: string): Omit<ForgeLinks, 'kind' | 'web' | 'ticket'> {
  switch (kind) {
    case 'github':
      return {
        commit: `${web}/commit/{sha}`,
        pull: `${web}/pull/{number}`,
        issue: `${web}/issues/{number}`,
        file: `${web}/blob/{sha}/{path}`,
        history: `${web}/commits/{sha}/{path}`,
      };
    case 'gitlab':
      return {
        commit: `${web}/-/commit/{sha}`,
        pull: `${web}/-/merge_requests/{number}`,
        issue: `${web}/-/issues/{number}`,
        file: `${web}/-/blob/{sha}/{path}`,
        history: `${web}/-/commits/{sha}/{path}`,
      };
    case 'bitbucket':
      return {
        commit: `${web}/commits/{sha}`,
        pull: `${web}/pull-requests/{number}`,
        issue: `${web}/issues/{number}`,
        file: `${web}/src/{sha}/{path}`,
        history: `${web}/history-node/{sha}/{path}`,
      };
    default:
      return { commit: null, pull: null, issue: null, file: null, history: null };
  }
}

/**
 * Infers forge URL templates from a remote URL (GitHub, GitLab incl. subgroups, Bitbucket;
 * self-hosted by host name containing `github`/`gitlab`/`bitbucket`). `overrides` (from config)
 * win field by field. Returns links with all-null templates when nothing is known.
 */
export function inferForgeLinks(remoteUrl: string | null, overrides: Partial<ForgeLinks> = {}): ForgeLinks {
  const parsed = remoteUrl ? parseRemoteUrl(remoteUrl) : null;
  let inferred: ForgeLinks = { kind: 'custom', web: null, commit: null, pull: null, issue: null, ticket: null, file: null, history: null };
  if (parsed) {
    const kind = kindOf(parsed.host);
    if (kind !== 'custom') {
      const web = `https://${parsed.host}/${parsed.path}`;
      inferred = { kind, web, ticket: null, ...templatesFor(kind, web) };
    }
  }
  const out: ForgeLinks = { ...inferred };
  for (const key of Object.keys(overrides) as (keyof ForgeLinks)[]) {
    const v = overrides[key];
    if (v !== undefined) (out as unknown as Record<string, unknown>)[key] = v;
  }
  return out;
}

export interface LinkValues {
  sha?: string;
  number?: number;
  key?: string;
  path?: string;
  line?: number;
}

/** Fills `{sha}`, `{number}`, `{key}`, `{path}`, `{line}`; null when the template is null or a used value is missing. */
export function fillLink(template: string | null, values: LinkValues): string | null {
  if (template === null) return null;
  let missing = false;
  const out = template.replace(/\{(sha|number|key|path|line)\}/g, (_m, name: keyof LinkValues) => {
    const v = values[name];
    if (v === undefined) {
      missing = true;
      return '';
    }
    if (name === 'path') return String(v).split('/').map(encodeURIComponent).join('/');
    return encodeURIComponent(String(v));
  });
  return missing ? null : out;
}
