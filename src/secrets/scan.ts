// The output gate's reading (RELIABILITY §2.3 step 6, U1): which files of a built site it reads,
// how (compressed search-index fragments decompressed, HTML unescaped), and the high-confidence
// rules it applies (GATE_RULES: known token formats, private keys, JWTs, URL passwords, auth
// headers; not bare entropy). src/site/gate.ts walks a built site with these.

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { findHits, findingOf, type SecretFinding } from './redact.ts';
import { GATE_RULES } from './rules.ts';
import { decodeEntities } from '../utils/entities.ts';

// Pixels, fonts and WebAssembly carry no text a reader could copy a secret from.
const BINARY = /\.(png|jpe?g|gif|webp|avif|ico|bmp|woff2?|ttf|otf|eot|wasm)$/i;
/** Bound on what a compressed file may expand to (a decompression bomb is scanned compressed). */
const MAX_BYTES = 64 * 1024 * 1024;

export async function listFiles(root: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(join(root, rel), { withFileTypes: true });
  for (const e of entries) {
    const path = rel === '' ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) out.push(...(await listFiles(root, path)));
    else if (e.isFile()) out.push(path);
  }
  return out.sort();
}

/** Findings in one file's text (already decompressed). */
export function scanText(text: string, file: string, allowed: Set<string>): SecretFinding[] {
  const source = /\.(html?|xml|svg)$/i.test(file) ? decodeEntities(text) : text;
  return findHits(source, GATE_RULES)
    .map((h) => findingOf(h, source, file))
    .filter((f) => !allowed.has(f.fingerprint));
}

/** Pixels, fonts and WebAssembly: formats the gate does not read. */
export function isBinaryOutput(file: string): boolean {
  return BINARY.test(file);
}

/** What the gate reads of an output file: its text, gzip undone; null for binary formats. */
export function scannableText(file: string, bytes: Buffer): string | null {
  if (isBinaryOutput(file)) return null;
  let buf = bytes;
  if (buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = gunzipSync(buf, { maxOutputLength: MAX_BYTES });
    } catch {
      // Not gzip after all (or too large): scan the bytes as they are.
    }
  }
  // Files are read whole, however large: a secret in the tail of a big page is still a secret.
  return buf.toString('utf8');
}
