import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

// One CommonJS bundle. Measured on Node 20: the ESM loader spent ~12 ms
// resolving a score of split chunks, one CJS file loads faster, and the bin
// (bin/xcred.cjs) keeps a V8 code cache for it. Each command's code sits in
// a lazy init wrapper and runs only when that command is dynamically imported;
// heavy dependencies (undici, ora, zod, selfsigned, keyring) are required only there.
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['cjs'],
  outExtension: () => ({ js: '.cjs' }),
  target: 'node20',
  platform: 'node',
  splitting: false,
  sourcemap: false,
  clean: true,
  minify: false,
  external: ['chalk', 'ora', 'undici', 'zod', 'dotenv', 'cli-table3', 'selfsigned', '@napi-rs/keyring'],
  // commander is needed by every command at start-up: bundled, it skips module resolution.
  noExternal: ['commander'],
  define: { __XCRED_VERSION__: JSON.stringify(pkg.version) },
});
