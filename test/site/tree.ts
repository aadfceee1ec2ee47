// Reads a folder as { relative path → bytes }, for byte-for-byte comparisons of outputs.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export function readTree(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(root, path), readFileSync(path));
    }
  };
  walk(root);
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Paths whose bytes differ or that exist on one side only. */
export function treeDiff(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  const paths = new Set([...a.keys(), ...b.keys()]);
  return [...paths].filter((p) => !(a.get(p)?.equals(b.get(p) ?? Buffer.alloc(0)) && b.has(p))).sort();
}
