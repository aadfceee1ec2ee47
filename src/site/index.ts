// Public surface of the site stage.
export { buildSite, type BuildSiteOptions, type BuildSiteResult, type SiteStage } from './build.ts';
export { MARKER_FILE } from './out-dir.ts';
