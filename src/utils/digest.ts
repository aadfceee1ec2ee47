// Content digests: one spelling for every cache key and content id.
import { createHash } from 'node:crypto';

/** sha256 of the parts, each followed by NUL (so `['ab', 'c']` and `['a', 'bc']` differ). */
export function sha256(...parts: (string | Buffer)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(p);
    h.update('\0');
  }
  return h.digest('hex');
}
