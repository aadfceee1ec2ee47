export { extractMarkdown } from './extract.ts';
export type { ExtractMarkdownInput, LinkResolver, MarkdownChunk, MarkdownDoc, MarkdownSection } from './types.ts';
