import { execFileSync } from 'node:child_process';

// End-to-end tests spawn the built binary: build it once per run.
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/tsup/dist/cli-default.js'], { stdio: 'ignore' });
}
