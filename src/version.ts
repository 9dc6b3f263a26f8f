// Replaced at build time by tsup's define; the fallback serves vitest.
declare const __XCRED_VERSION__: string | undefined;
export const VERSION: string = typeof __XCRED_VERSION__ === 'string' ? __XCRED_VERSION__ : '0.0.0-dev';
