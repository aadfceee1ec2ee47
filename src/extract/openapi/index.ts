// OpenAPI/Swagger extractor: discovery by content and pages per spec (issue 3).
export { discoverOpenApi } from './discover.ts';
export { extractOpenApi, type ExtractOpenApiInput } from './extract.ts';
export { resolveSpec, type ResolvedSpec, type ResolveSpecOptions } from './resolve-spec.ts';
export { originOf, type SourceMap, type SourceMapEntry, type SourceOrigin } from './source-map.ts';
export type { RepoFiles } from './refs.ts';
