// The pull request of a merge commit, from each forge's merge message (src/history/pull.ts).
import { describe, expect, it } from 'vitest';
import { pullOfMerge } from '../../src/history/pull.ts';
import { parseRefs } from '../../src/history/refs.ts';

describe('pullOfMerge', () => {
  it('reads GitHub merge commits: number from the subject, title from the body', () => {
    expect(pullOfMerge('Merge pull request #512 from alice/fix-timeouts', 'Fix request timeouts\n\nLonger text.')).toEqual({ forge: 'github', number: 512, title: 'Fix request timeouts' });
    expect(pullOfMerge('Merge pull request #512 from alice/fix-timeouts', '')).toEqual({ forge: 'github', number: 512, title: null });
  });

  it('reads GitLab merge commits: number from "See merge request", title from the body', () => {
    const body = 'Improve GitLab docs\n\nCloses #7\n\nSee merge request group/sub/proj!34';
    expect(pullOfMerge("Merge branch 'feature' into 'main'", body)).toEqual({ forge: 'gitlab', number: 34, title: 'Improve GitLab docs' });
    // A local merge with the same subject but no merge request is no pull request.
    expect(pullOfMerge("Merge branch 'feature' into 'main'", '')).toBeNull();
  });

  it('reads Bitbucket Cloud and Data Center merge commits', () => {
    expect(pullOfMerge('Merged in feature/x (pull request #56)', 'Bitbucket title\n\nApproved-by: Alice')).toEqual({ forge: 'bitbucket', number: 56, title: 'Bitbucket title' });
    expect(pullOfMerge('Merged in feature/x (pull request #56)', 'Approved-by: Alice')).toEqual({ forge: 'bitbucket', number: 56, title: null });
    expect(pullOfMerge('Merge pull request #9 in PROJ/repo from feature/x to master', "* commit 'abc':\n  Fix it")).toEqual({ forge: 'bitbucket', number: 9, title: null });
  });

  it('reads Azure DevOps merge commits: the title is in the subject', () => {
    expect(pullOfMerge('Merged PR 78: Azure title', '')).toEqual({ forge: 'azure', number: 78, title: 'Azure title' });
  });

  it('is null for other messages', () => {
    expect(pullOfMerge("Merge branch 'main' into feat", '')).toBeNull();
    expect(pullOfMerge('Fix the build (#12)', '')).toBeNull();
    expect(pullOfMerge('Merge remote-tracking branch origin/main', '')).toBeNull();
  });

  it('the pull requests of Bitbucket and Azure DevOps merges are pulls in refs, not issues', () => {
    expect(parseRefs('Merged in feature/x (pull request #56)', 'Title')).toMatchObject({ pulls: [{ number: 56 }], issues: [] });
    expect(parseRefs('Merged PR 78: Fix #3 properly', '')).toMatchObject({ pulls: [{ number: 78 }], issues: [{ number: 3 }] });
  });
});
