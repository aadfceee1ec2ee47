// The real-world corpus (origins and licences: test/corpus/SOURCES.md). The OpenAPI part is copied
// into the repository (test/corpus/openapi/) so a fresh clone runs its tests; the other parts are
// still read from the shared folder beside the project until they are copied in too.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const IN_REPO = fileURLToPath(new URL('../corpus/', import.meta.url));
const SHARED = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));

export const CORPUS_ROOT = SHARED;

export function corpusPath(...parts: string[]): string {
  const local = IN_REPO + parts.join('/');
  return existsSync(local) ? local : SHARED + parts.join('/');
}
