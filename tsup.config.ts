import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

// commander requires node:child_process when it loads, only to spawn external
// subcommands, which xcred has none of. That module pulls in net, dgram and a
// dozen stream modules (~4 ms of start-up), so commander gets a stand-in that
// loads the real one on first use.
const lazyChildProcessForCommander: Plugin = {
  name: 'lazy-child-process-for-commander',
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: 'lazy-child-process', namespace: 'xcred-lazy' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'xcred-lazy' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_t, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

const EXTERNAL = ['chalk', 'ora', 'undici', 'zod', 'dotenv', 'cli-table3', 'selfsigned', '@napi-rs/keyring'];

export default defineConfig([
  // The CLI. One CommonJS bundle. Measured on Node 20: the ESM loader spent ~12 ms
  // resolving a score of split chunks, one CJS file loads faster, and the bin
  // (bin/xcred.cjs) keeps a V8 code cache for it. Each command's code sits in
  // a lazy init wrapper and runs only when that command is dynamically imported;
  // heavy dependencies (undici, ora, zod, selfsigned, keyring) are required only there.
  {
    entry: { cli: 'src/cli.ts' },
    format: ['cjs'],
    outExtension: () => ({ js: '.cjs' }),
    target: 'node20',
    platform: 'node',
    splitting: false,
    sourcemap: false,
    // Not `clean`: it would empty dist/ while the library build below writes dist/lib/.
    clean: false,
    minify: false,
    external: EXTERNAL,
    // commander is needed by every command at start-up: bundled, it skips module resolution.
    noExternal: ['commander'],
    // Keep node: specifiers so the plugin below sees commander's require('node:child_process').
    removeNodeProtocol: false,
    esbuildPlugins: [lazyChildProcessForCommander],
    // src/io/lazy-require.ts uses import.meta.url only where require does not exist (ESM); a CJS bundle never reaches it.
    define: { __XCRED_VERSION__: JSON.stringify(pkg.version), 'import.meta.url': 'undefined' },
    // The bin uses a V8 code cache only when it was made from these exact bytes:
    // their SHA-256 (and size), recorded once here rather than hashed at every start.
    async onSuccess() {
      const bundle = readFileSync('dist/cli.cjs');
      writeFileSync('dist/cli.sha256', `${createHash('sha256').update(bundle).digest('hex')} ${bundle.length}\n`);
    },
  },
  // The library (`import ... from 'xcred'`, `require('xcred')`): a separate
  // entry and output, so the CLI's start-up never loads it. ESM and CommonJS
  // with their type declarations, for the package.json "exports" map.
  {
    entry: { index: 'src/lib.ts' },
    outDir: 'dist/lib',
    format: ['esm', 'cjs'],
    outExtension: ({ format }) => ({ js: format === 'esm' ? '.mjs' : '.cjs' }),
    // Declarations take as long as a type-check: the test suite's own build (test/global-setup.ts)
    // skips them; `npm run build`, `npm pack` and installs from git always make them.
    dts: process.env.XCRED_BUILD_NO_DTS !== '1',
    target: 'node20',
    platform: 'node',
    splitting: false,
    sourcemap: false,
    clean: true,
    minify: false,
    external: [...EXTERNAL, 'commander'],
    define: { __XCRED_VERSION__: JSON.stringify(pkg.version) },
    // The CommonJS copy has require(); import.meta.url is only read where it does not.
    esbuildOptions(options, { format }) {
      if (format === 'cjs') options.define = { ...options.define, 'import.meta.url': 'undefined' };
    },
  },
]);
