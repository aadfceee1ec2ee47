// The shared real-world corpus lives beside the project (`../shared/corpus`, see its SOURCES.md);
// it is never copied into the repository.
import { fileURLToPath } from 'node:url';

export const CORPUS_ROOT = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));

export function corpusPath(...parts: string[]): string {
  return CORPUS_ROOT + parts.join('/');
}
