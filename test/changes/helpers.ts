// Scripted histories for the change engines: each step writes files and commits; the engines are
// then fed the versions git itself returns (`git show <sha>:<path>`), consecutive pairs in order.
import type { TestRepo } from '../helpers/git-repo.ts';

export interface Step {
  message: string;
  author?: string;
  files: Record<string, string | null>;
}

/** Commits every step; returns the shas in order. A null file content removes the file. */
export function script(repo: TestRepo, steps: Step[]): string[] {
  return steps.map((step) => {
    for (const [path, text] of Object.entries(step.files)) {
      if (text === null) repo.remove(path);
      else repo.write(path, text);
    }
    return repo.commit({ message: step.message, ...(step.author ? { author: step.author } : {}) });
  });
}

/** The file's text at each commit as git stores it (null where the file does not exist). */
export function versions(repo: TestRepo, path: string, shas: string[]): (string | null)[] {
  return shas.map((sha) => {
    try {
      return repo.git('show', `${sha}:${path}`);
    } catch {
      return null;
    }
  });
}

/** Consecutive pairs [before, after] with the commit that made the change. */
export function pairs<T>(items: T[], shas: string[]): { before: T; after: T; sha: string }[] {
  return items.slice(1).map((after, i) => ({ before: items[i]!, after, sha: shas[i + 1]! }));
}
