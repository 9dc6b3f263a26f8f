// An ora spinner on stderr, only on an interactive terminal and never under --json.
export interface Spinner {
  stop(): void;
}

export function startSpinner(text: string, json: boolean): Spinner {
  if (json || !process.stderr.isTTY || process.env.CI) return { stop() {} };
  let stopped = false;
  let instance: { stop(): void } | null = null;
  void import('ora').then(({ default: ora }) => {
    if (!stopped) instance = ora({ text, stream: process.stderr }).start();
  });
  return {
    stop() {
      stopped = true;
      instance?.stop();
    },
  };
}
