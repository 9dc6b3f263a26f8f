import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

export const BUILD_LOG = 'node_modules/.cache/xcred/build.log';

// End-to-end tests spawn the built binary: build it once per run. The build's
// output is kept so a test can hold it to "no warnings".
export default function setup(): void {
  const r = spawnSync(process.execPath, ['node_modules/tsup/dist/cli-default.js'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', XCRED_BUILD_NO_DTS: '1' } });
  mkdirSync('node_modules/.cache/xcred', { recursive: true });
  writeFileSync(BUILD_LOG, `${r.stdout}\n${r.stderr}`);
  if (r.status !== 0) throw new Error(`the build failed:\n${r.stdout}\n${r.stderr}`);
}
