// Change engines (issue 14): each compares two parsed versions of one source and returns plain
// data the history stage attaches to sections and writes to `livewiki.json`'s `changelog`.
export type { ApiChange, ChangeKind, ConfigChange, Level, SectionDiff, SemanticChange, SymbolChange } from './types.ts';
export { diffOpenApi } from './openapi/index.ts';
export { diffConfig, shownValue } from './config.ts';
export { diffTypeScript, releaseTags, sinceTags, symbolIndex } from './typescript.ts';
export { diffMarkdown, type MarkdownVersion } from './markdown.ts';
export { renderDiff } from './text-diff.ts';
