// GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=CODE::message`, which
// GitHub shows as annotations on the pull request's files. Escaping follows the runner's rules
// (actions/toolkit `command.ts`): in the message `%`, CR and LF; in property values also `:` and `,`.
import type { Diagnostic } from '../../model/diagnostics.ts';
import { reportable, type Reporter } from './types.ts';

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

function annotation(d: Diagnostic, rootOf: (repo: string) => string): string {
  const props: string[] = [];
  // Annotations need a path relative to the checkout; a repository's files are under its root.
  if (d.file) props.push(`file=${escapeProperty(d.repo ? joinPath(rootOf(d.repo), d.file) : d.file)}`);
  if (d.file && d.line !== undefined) props.push(`line=${d.line}`);
  if (d.file && d.line !== undefined && d.column !== undefined) props.push(`col=${d.column}`);
  props.push(`title=${escapeProperty(d.code)}`);
  const where = d.pointer !== undefined ? ` (at ${d.pointer})` : '';
  const message = `${d.message}${where}${d.hint ? `\n${d.hint}` : ''}`;
  return `::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(message)}`;
}

function joinPath(root: string, file: string): string {
  return root === '' || root === '.' ? file : `${root.replace(/\/+$/, '')}/${file}`;
}

/** `rootOf` maps a repository id to its folder relative to the workspace ('' = the checkout itself). */
export function githubReporter(rootOf: (repo: string) => string = () => ''): Reporter {
  return (diagnostics) => reportable(diagnostics).map((d) => `${annotation(d, rootOf)}\n`).join('');
}

export const github: Reporter = githubReporter();
