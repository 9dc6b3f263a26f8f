import { createRequire } from 'node:module';

/**
 * require() for dependencies loaded only when needed. The shipped bundle is
 * CommonJS (require exists); under vitest the sources run as ESM.
 */
export const lazyRequire: NodeJS.Require = typeof require === 'function' ? require : createRequire(import.meta.url);
