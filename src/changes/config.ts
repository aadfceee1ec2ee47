// Config value history (issue 14 item 3): two parsed versions of one configuration file (the
// config extractor's model, so keys are the dotted paths the config-key sections use) → per key:
// added, removed, renamed, value changed `from → to`, description edited; per service/object
// section: facts changed. Values are the ones the page shows, so they are already redacted by the
// extractor (secret-like keys, secret-looking values, whole `.env` files); they pass the page's
// last redaction layer again here, so a from/to can never hold more than the page does.
//
// Rename rule (a key disappears and another appears in the same commit):
// 1. Moved subtree: a removed key with children and an added key with children whose children
//    (relative key paths, with their values) are exactly the same → the parent and every child
//    are renamed.
// 2. Renamed leaf: a removed key and an added key with the same shown value, where the added key
//    sits near the removed one: under the same parent, or with the same last segment, and at most
//    5 keys away in file order. Values that many keys share (empty, true/false/null, numbers of up
//    to 3 characters, redaction markers) must also be in the same parent and at most 1 key away.
//    Candidates are taken nearest first; each key is used once.
// Anything else is a removal plus an addition.

import type { ConfigEntry, ConfigObject, ParsedConfig } from '../extract/config/model.ts';
import { redactContent } from '../secrets/index.ts';
import type { ConfigChange } from './types.ts';

const MAX_SHOWN = 80;
const NEAR = 5;

/** The value as the page shows it (Helm `@default --` text wins), one line, bounded, redacted again. */
export function shownValue(e: ConfigEntry): string {
  const raw = e.defaultText !== '' ? e.defaultText : e.value;
  const line = raw.replace(/\r?\n/g, '⏎');
  const short = line.length > MAX_SHOWN ? `${line.slice(0, MAX_SHOWN - 1)}…` : line;
  return redactContent(short).text;
}

function tick(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}

function parentOf(key: string): string {
  const m = /^(.*?)(?:\.[^.[\]]+|\[\d+\]|\["(?:[^"\\]|\\.)*"\])$/.exec(key);
  return m ? m[1]! : '';
}

function lastSegment(key: string): string {
  return key.slice(parentOf(key).length).replace(/^\./, '');
}

function isCommon(value: string): boolean {
  return value === '' || /^(true|false|null|~|yes|no|on|off)$/i.test(value) || /^-?\d{1,3}$/.test(value) || value.startsWith('«redacted:');
}

interface Indexed {
  entry: ConfigEntry;
  index: number;
  shown: string;
}

function index(parsed: ParsedConfig): Map<string, Indexed> {
  const out = new Map<string, Indexed>();
  parsed.entries.forEach((entry, i) => {
    if (!out.has(entry.key)) out.set(entry.key, { entry, index: i, shown: shownValue(entry) });
  });
  return out;
}

function childrenOf(map: Map<string, Indexed>, key: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of map) if (k.startsWith(`${key}.`) || k.startsWith(`${key}[`)) out.set(k.slice(key.length), v.shown);
  return out;
}

function sameMap(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size || a.size === 0) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/** Renamed keys, old → new, by the rule above. */
function renames(before: Map<string, Indexed>, after: Map<string, Indexed>): Map<string, string> {
  const removed = [...before.keys()].filter((k) => !after.has(k));
  const added = [...after.keys()].filter((k) => !before.has(k));
  const out = new Map<string, string>();
  const usedNew = new Set<string>();
  // 1. Moved subtrees, outermost first.
  for (const r of removed) {
    if (out.has(r)) continue;
    const kids = childrenOf(before, r);
    if (kids.size === 0) continue;
    const match = added.find((a) => !usedNew.has(a) && sameMap(kids, childrenOf(after, a)));
    if (match === undefined) continue;
    out.set(r, match);
    usedNew.add(match);
    for (const rel of kids.keys()) {
      out.set(r + rel, match + rel);
      usedNew.add(match + rel);
    }
  }
  // 2. Renamed leaves, nearest candidate first.
  const candidates: { r: string; a: string; distance: number }[] = [];
  for (const r of removed) {
    if (out.has(r)) continue;
    const o = before.get(r)!;
    if (childrenOf(before, r).size > 0) continue;
    for (const a of added) {
      if (usedNew.has(a)) continue;
      const n = after.get(a)!;
      if (n.shown !== o.shown || childrenOf(after, a).size > 0) continue;
      const sameParent = parentOf(a) === parentOf(r);
      const distance = Math.abs(n.index - o.index);
      const near = isCommon(o.shown) ? sameParent && distance <= 1 : (sameParent || lastSegment(a) === lastSegment(r)) && distance <= NEAR;
      if (near) candidates.push({ r, a, distance });
    }
  }
  candidates.sort((x, y) => x.distance - y.distance || (x.r < y.r ? -1 : x.r > y.r ? 1 : 0) || (x.a < y.a ? -1 : 1));
  for (const c of candidates) {
    if (out.has(c.r) || usedNew.has(c.a)) continue;
    out.set(c.r, c.a);
    usedNew.add(c.a);
  }
  return out;
}

function change(key: string, kind: ConfigChange['change'], from: string | null, to: string | null, summary: string, fromKey?: string): ConfigChange {
  return { key, change: kind, breaking: null, from, to, summary, ...(fromKey !== undefined ? { fromKey } : {}) };
}

function factsText(items: string[]): string {
  const joined = items.join(', ');
  return redactContent(joined.length > MAX_SHOWN ? `${joined.slice(0, MAX_SHOWN - 1)}…` : joined).text;
}

function diffObjects(before: ConfigObject[], after: ConfigObject[]): ConfigChange[] {
  const out: ConfigChange[] = [];
  const old = new Map(before.map((o) => [o.key, o]));
  const now = new Map(after.map((o) => [o.key, o]));
  for (const [key, o] of old) if (!now.has(key)) out.push(change(key, 'removed', null, null, `${o.title} removed`));
  for (const [key, n] of now) {
    const o = old.get(key);
    if (!o) {
      out.push(change(key, 'added', null, null, `${n.title} added`));
      continue;
    }
    const labels = [...new Set([...o.facts.map((f) => f.label), ...n.facts.map((f) => f.label)])];
    for (const label of labels) {
      const a = o.facts.find((f) => f.label === label)?.items ?? [];
      const b = n.facts.find((f) => f.label === label)?.items ?? [];
      if (a.join('\0') === b.join('\0')) continue;
      const from = a.length > 0 ? factsText(a) : null;
      const to = b.length > 0 ? factsText(b) : null;
      const summary = from === null ? `${label} set to ${tick(to ?? '')}` : to === null ? `${label} ${tick(from)} removed` : `${label} changed from ${tick(from)} to ${tick(to)}`;
      out.push(change(key, 'changed', from, to, summary));
    }
  }
  return out;
}

/**
 * Changes from `before` to `after` (both parsed by the config extractor), in the new file's key
 * order (removed keys after, in the old order). For renames, `from`/`to` are the old and new key.
 */
export function diffConfig(before: ParsedConfig, after: ParsedConfig): ConfigChange[] {
  const b = index(before);
  const a = index(after);
  const renamed = renames(b, a);
  const renamedTo = new Set(renamed.values());
  // Object sections (services, Kubernetes objects, CI jobs) answer for their own key.
  const objectKeys = new Set([...before.objects, ...after.objects].map((o) => o.key));
  const out: ConfigChange[] = [];
  for (const [key, n] of a) {
    if (objectKeys.has(key)) continue;
    const o = b.get(key);
    if (!o) {
      if (renamedTo.has(key)) {
        const from = [...renamed].find(([, to]) => to === key)![0];
        out.push(change(key, 'renamed', from, key, `${tick(from)} renamed to ${tick(key)}`, from));
      } else {
        out.push(change(key, 'added', null, n.shown === '' ? null : n.shown, n.shown === '' ? `${tick(key)} added` : `${tick(key)} added with ${tick(n.shown)}`));
      }
      continue;
    }
    if (o.shown !== n.shown) {
      const typeNote = o.entry.type !== n.entry.type ? ` (${o.entry.type} → ${n.entry.type})` : '';
      out.push(change(key, 'changed', o.shown, n.shown, `${tick(key)} changed from ${tick(o.shown)} to ${tick(n.shown)}${typeNote}`));
    } else if (o.entry.description !== n.entry.description) {
      out.push(change(key, 'changed', null, null, `${tick(key)} description edited`));
    }
  }
  for (const [key, o] of b) {
    if (a.has(key) || renamed.has(key) || objectKeys.has(key)) continue;
    out.push(change(key, 'removed', o.shown === '' ? null : o.shown, null, `${tick(key)} removed`));
  }
  out.push(...diffObjects(before.objects, after.objects));
  return out;
}
