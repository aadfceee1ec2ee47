// The secret gate over a built site (RELIABILITY §2.3 step 6, U1), incremental: a text already
// scanned clean by an earlier build (same file path, same bytes, same tool, rules and allowed
// fingerprints — the cache salt and key) is not scanned again. Large JSON files are judged per
// top-level array element (one page of livewiki.json, one ledger entry), so the one file that
// changes on every build is mostly known too. Anything unknown is scanned in full. Every file's
// path is checked as well (never cached: it costs nothing).
import { isStringArray } from '../cache/shapes.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '../cache/store.ts';
import { sha256 } from '../utils/digest.ts';
import { fingerprintOf, isBinaryOutput, listOutputFiles, redactNameForLog, scannableText, scanText } from '../secrets/index.ts';
import { findHits } from '../secrets/redact.ts';
import { GATE_RULES } from '../secrets/rules.ts';
import type { SecretFinding } from '../secrets/redact.ts';

const CACHE_KIND = 'site-gate';

/**
 * Pretty-printed JSON (two-space indent) split before each element of a top-level array. JSON
 * strings hold no raw newline, so `\n    {\n` only occurs between elements and no value spans
 * two chunks. Works on bytes: known chunks are never decoded.
 */
export function jsonChunks(bytes: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  let from = 0;
  for (let at = bytes.indexOf(SEPARATOR); at !== -1; at = bytes.indexOf(SEPARATOR, at + 1)) {
    chunks.push(bytes.subarray(from, at + 1));
    from = at + 1;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

const SEPARATOR = Buffer.from('\n    {\n');

export interface GateResult {
  findings: SecretFinding[];
  /** Texts judged by an earlier build and texts scanned now. */
  known: number;
  scanned: number;
}

export async function gateOutput(dir: string, allowed: Set<string>, cache: Store | null): Promise<GateResult> {
  const parts = ['clean', [...allowed].sort().join(',')];
  const stored = cache?.get<string[]>(CACHE_KIND, parts) ?? null;
  const known = new Set(isStringArray(stored) ? stored : []);
  const clean = new Set<string>();
  const result: GateResult = { findings: [], known: 0, scanned: 0 };
  for (const file of await listOutputFiles(dir)) {
    // The path too: folders are routes, made from names (D3; src/check/secrets.ts checkNames).
    for (const hit of findHits(file, GATE_RULES)) {
      const fingerprint = fingerprintOf(hit.value, file);
      if (!allowed.has(fingerprint)) result.findings.push({ rule: hit.rule, fingerprint, file: redactNameForLog(file) });
    }
    if (isBinaryOutput(file)) continue;
    const bytes = await readFile(join(dir, file));
    // Compressed files (search fragments) are judged whole, by their compressed bytes.
    const gz = bytes[0] === 0x1f && bytes[1] === 0x8b;
    for (const chunk of file.endsWith('.json') && !gz ? jsonChunks(bytes) : [bytes]) {
      const digest = sha256(file, chunk);
      if (known.has(digest)) {
        result.known++;
        clean.add(digest);
        continue;
      }
      result.scanned++;
      const findings = scanText(scannableText(file, chunk) ?? '', file, allowed);
      if (findings.length === 0) {
        clean.add(digest);
        continue;
      }
      // Lines are the file's own: a chunk starts after the newlines before it. The file is named
      // redacted: its path is a route, and a route made from a secret lower-cases it (D3).
      const before = countNewlines(bytes.subarray(0, chunk.byteOffset - bytes.byteOffset));
      for (const f of findings) result.findings.push({ ...f, file: redactNameForLog(file), ...(f.line !== undefined ? { line: f.line + before } : {}) });
    }
  }
  cache?.put(CACHE_KIND, parts, [...clean].sort());
  return result;
}

function countNewlines(bytes: Buffer): number {
  let n = 0;
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) n++;
  return n;
}
