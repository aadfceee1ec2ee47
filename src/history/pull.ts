// The pull request behind a merge commit, read from the message each forge writes when it merges
// with a merge commit. Pure functions over strings.
//
//   GitHub       Merge pull request #12 from alice/fix-timeouts      + title in the body
//   GitLab       Merge branch 'fix' into 'main'                       + title in the body,
//                                                                       `See merge request group/proj!12`
//   Bitbucket    Merged in fix-timeouts (pull request #12)            + title in the body
//   Bitbucket DC Merge pull request #12 in PROJ/repo from fix to main + title in the body
//   Azure DevOps Merged PR 12: Fix timeouts                           (title in the subject)

export type Forge = 'github' | 'gitlab' | 'bitbucket' | 'azure';

export interface PullOfMerge {
  forge: Forge;
  number: number;
  /** The pull request's title; null when the message does not carry it. */
  title: string | null;
}

const GITHUB_RE = /^Merge pull request #(\d{1,9}) from \S+/;
const BITBUCKET_DC_RE = /^Merge pull request #(\d{1,9}) in \S+ from \S+/;
const GITLAB_SUBJECT_RE = /^Merge branch '[^']+' into '[^']+'/;
const GITLAB_SEE_RE = /^See merge request [\w.-]+(?:\/[\w.-]+)*!(\d{1,9})\s*$/m;
const BITBUCKET_RE = /^Merged in \S+ \(pull request #(\d{1,9})\)/;
const AZURE_RE = /^Merged PR (\d{1,9}): (.+)$/;

/** Body lines that are not a title: trailers, GitLab's own lines, Bitbucket's commit lists. */
const NOT_TITLE_RE = /^(?:See merge request |Approved-by:|Reviewed-by:|Signed-off-by:|Co-authored-by:|Merged-by:|Closes |\* commit |\* )/i;

/** First paragraph of the body that reads as a title (one line, trimmed), or null. */
function titleOfBody(body: string): string | null {
  for (const para of body.split(/\n[ \t]*\n/)) {
    const line = para.trim().split('\n')[0]!.trim();
    if (line === '' || NOT_TITLE_RE.test(line)) continue;
    return line.length > 300 ? `${line.slice(0, 299)}…` : line;
  }
  return null;
}

/** The pull request a merge commit's message names, with its title; null for other messages. */
export function pullOfMerge(subject: string, body: string): PullOfMerge | null {
  let m = AZURE_RE.exec(subject);
  if (m) return { forge: 'azure', number: Number(m[1]), title: m[2]!.trim() || titleOfBody(body) };
  m = BITBUCKET_DC_RE.exec(subject);
  if (m) return { forge: 'bitbucket', number: Number(m[1]), title: titleOfBody(body) };
  m = GITHUB_RE.exec(subject);
  if (m) return { forge: 'github', number: Number(m[1]), title: titleOfBody(body) };
  m = BITBUCKET_RE.exec(subject);
  if (m) return { forge: 'bitbucket', number: Number(m[1]), title: titleOfBody(body) };
  if (GITLAB_SUBJECT_RE.test(subject)) {
    const see = GITLAB_SEE_RE.exec(body);
    if (see) return { forge: 'gitlab', number: Number(see[1]), title: titleOfBody(body) };
  }
  return null;
}
