// The real-world corpus vendored in `test/corpus/` (origins, commits and licences in its
// SOURCES.md): tests never read anything outside the repository.
import { fileURLToPath } from 'node:url';

export const CORPUS_ROOT = fileURLToPath(new URL('../corpus/', import.meta.url));

export function corpusPath(...parts: string[]): string {
  return CORPUS_ROOT + parts.join('/');
}
