import { lazyRequire } from '../io/lazy-require.js';
import { terminalInfo } from './terminal.js';

// An ora spinner on stderr, only on an interactive terminal and never under --json.
// Loaded with require(), not import(): the code-cached bundle (bin/xcred.cjs)
// would otherwise print an ExperimentalWarning for the dynamic import.
export interface Spinner {
  stop(): void;
}

export function startSpinner(text: string, json: boolean): Spinner {
  // A terminal that reports no width (e.g. under `script`) makes ora clear lines without end: no spinner there.
  if (json || !terminalInfo(2).isTTY || process.env.CI || !(process.stderr.columns > 0)) return { stop() {} };
  const ora = (lazyRequire('ora') as typeof import('ora')).default;
  const instance = ora({ text, stream: process.stderr }).start();
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      instance.stop();
    },
  };
}
