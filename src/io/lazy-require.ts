import { createRequire } from 'node:module';

/**
 * require() for dependencies loaded only when needed. The CLI bundles are
 * CommonJS (require exists); the library's ES module copy (dist/lib/index.mjs)
 * and vitest run as ESM, where a bundler's require() stand-in throws: there,
 * a require made for this module. (`module` exists only in CommonJS.)
 */
export const lazyRequire: NodeJS.Require = typeof module !== 'undefined' && typeof require === 'function' ? require : createRequire(import.meta.url);
