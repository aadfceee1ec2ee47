// Reads a whole output tree, for "this never appears anywhere" assertions.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** Every file under `dir` (relative paths, sorted). */
export function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/** Files under `dir` whose bytes (gunzipped when compressed, like Pagefind's) contain `needle`. */
export function filesContaining(dir: string, needle: string): string[] {
  return listFiles(dir).filter((f) => {
    let buf = readFileSync(join(dir, f));
    if (buf[0] === 0x1f && buf[1] === 0x8b) {
      try {
        buf = gunzipSync(buf);
      } catch {
        /* not gzip after all */
      }
    }
    return buf.includes(needle);
  });
}
