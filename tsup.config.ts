import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

const EXTERNAL = ['ora', 'undici', 'zod', 'dotenv', 'cli-table3', 'selfsigned', '@napi-rs/keyring'];

const COMMANDS = ['diagnose', 'test-auth', 'check-ip', 'sign', 'explain', 'proxy', 'renew-hint', 'creds', 'encrypt', 'decrypt', 'fingerprint', 'emulator'];

/**
 * dist/<bundle>.sha256 beside every CLI bundle: its SHA-256 and size, for the
 * bin's code cache check. Each bundle must be ASCII (esbuild escapes strings;
 * regular expressions are written with \u escapes): V8 then keeps the source
 * as a one-byte string, half the memory, and the bin reads it without decoding.
 */
function writeBundleHashes(): void {
  const bundles = ['dist/cli.cjs', ...readdirSync('dist/cmd').filter((n) => n.endsWith('.cjs')).map((n) => join('dist/cmd', n))];
  for (const file of bundles) {
    const bundle = readFileSync(file);
    const at = bundle.findIndex((b) => b > 0x7f);
    if (at >= 0) throw new Error(`${file} is not ASCII at byte ${at}: ${JSON.stringify(bundle.subarray(Math.max(0, at - 40), at + 10).toString())} (write the character as a \\u escape)`);
    writeFileSync(file.replace(/\.cjs$/, '.sha256'), `${createHash('sha256').update(bundle).digest('hex')} ${bundle.length}\n`);
  }
}

export default defineConfig([
  // The CLI: one CommonJS bundle per command (dist/cmd/<command>.cjs), holding
  // the program and only that command's code, and dist/cli.cjs, the program
  // alone, for help and usage errors. bin/xcred.cjs picks the bundle by the
  // command's name. CommonJS because on Node 20 the ESM loader spent ~12 ms
  // resolving split chunks, and because the bin keeps a V8 code cache per
  // bundle. Within a bundle each module's code runs only when first used;
  // heavy dependencies (undici, ora, zod, selfsigned, keyring) are required
  // only where they are used.
  {
    entry: Object.fromEntries([['cli', 'src/entries/cli.ts'], ...COMMANDS.map((c) => [`cmd/${c}`, `src/entries/${c}.ts`])]),
    format: ['cjs'],
    outExtension: () => ({ js: '.cjs' }),
    target: 'node20',
    platform: 'node',
    splitting: false,
    sourcemap: false,
    // Not `clean`: it would empty dist/ while the library build below writes dist/lib/.
    clean: false,
    // Smaller to read and to cache; names and messages xcred prints are strings, never minified away.
    minify: process.env.XCRED_BUILD_NO_MINIFY !== "1",
    external: EXTERNAL,
    // commander is needed by every command at start-up: bundled, it skips module resolution.
    // chalk is bundled as CommonJS (src/render/style.ts says why) and runs only when colour is on.
    noExternal: ['commander', 'chalk'],
    // Keep node: specifiers so the plugin below sees commander's require('node:child_process').
    removeNodeProtocol: false,
    esbuildPlugins: [lazyChildProcessForCommander],
    // src/io/lazy-require.ts uses import.meta.url only where require does not exist (ESM); a CJS bundle never reaches it.
    define: { __XCRED_VERSION__: JSON.stringify(pkg.version), 'import.meta.url': 'undefined' },
    // The bin uses a V8 code cache only when it was made from these exact bytes:
    // their SHA-256 (and size), recorded once here rather than hashed at every start.
    async onSuccess() {
      writeBundleHashes();
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
    external: [...EXTERNAL, 'commander', 'chalk'],
    define: { __XCRED_VERSION__: JSON.stringify(pkg.version) },
    // The CommonJS copy has require(); import.meta.url is only read where it does not.
    esbuildOptions(options, { format }) {
      if (format === 'cjs') options.define = { ...options.define, 'import.meta.url': 'undefined' };
    },
  },
]);
