import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

// One ESM entry with code splitting: each command is a dynamic import, so
// `xcred sign` never loads undici, ora or the emulator.
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  splitting: true,
  sourcemap: false,
  clean: true,
  minify: false,
  // Dependencies stay external: node_modules resolution is lazy per import.
  skipNodeModulesBundle: true,
  define: { __XCRED_VERSION__: JSON.stringify(pkg.version) },
});
