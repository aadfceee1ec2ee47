// The repository's root `package.json`: its name, version, description and licence (overview).
import type { Diagnostics } from '../model/diagnostics.ts';
import type { Manifest } from '../model/snapshot.ts';
import type { RepoReader } from './reader.ts';

export async function manifestOf(files: RepoReader, diagnostics: Diagnostics): Promise<Manifest | null> {
  await files.load(['package.json']);
  const text = files.read('package.json');
  if (text === null) return null;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    diagnostics.warn('W_MANIFEST_PARSE', `package.json is not valid JSON: ${(error as Error).message}`, { repo: files.repo, file: 'package.json' });
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const field = (key: string): string | null => {
    const value = (data as Record<string, unknown>)[key];
    return typeof value === 'string' ? value : null;
  };
  const name = field('name');
  return name ? { name, version: field('version'), description: field('description'), license: field('license') } : null;
}
