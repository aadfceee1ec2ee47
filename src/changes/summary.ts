// Change summaries are one line of plain text where backticks mark names and values (`limit`);
// on a page those become <code>, everything else escaped.

/** The summary as HTML: each backticked part in <code>, every part escaped with `escape`. */
export function summaryHtml(text: string, escape: (s: string) => string): string {
  return text
    .split(/`([^`]*)`/)
    .map((part, i) => (i % 2 === 1 ? `<code>${escape(part)}</code>` : escape(part)))
    .join('');
}
