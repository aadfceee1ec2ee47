// OpenAPI/Swagger extractor: discovery by content and pages per spec (issue 3).
export { discoverOpenApi } from './discover.ts';
export { extractOpenApi, type ExtractOpenApiInput } from './extract.ts';
export type { RepoFiles } from './refs.ts';
