// Replaced at build time by a Vite `define` (src/site/astro-build.ts): the absolute path of
// this build's workspace. Never an environment variable, so concurrent builds stay separate.
declare const __LIVEWIKI_WORKSPACE__: string;
