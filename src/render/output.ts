import { scrub } from '../core/secret.js';
import type { CommandResult, GlobalOptions } from '../commands/result.js';

// The one output boundary: every byte xcred prints on stdout passes here, and
// every known secret value is scrubbed from it (the Secret type is the first
// line of defence, this is the second).

export async function renderResult(result: CommandResult, opts: GlobalOptions): Promise<string> {
  if (result.printed) return '';
  if (opts.json) return JSON.stringify(result.json, null, 2) + '\n';
  if (opts.format === 'md' && result.markdown) return result.markdown();
  // chalk loads only when text is rendered: it is not on the start-up path.
  const { makeStyle, wantsColor } = await import('./style.js');
  const { outputWidth } = await import('./width.js');
  const style = makeStyle({
    color: wantsColor(process.stdout, process.env, opts.color),
    verbose: opts.verbose ?? false,
    width: outputWidth(process.stdout, process.env),
  });
  const text = result.text(style);
  return text.endsWith('\n') || text === '' ? text : text + '\n';
}

export function writeOut(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (text === '') return resolve();
    process.stdout.write(scrub(text), () => resolve());
  });
}

export function writeErr(text: string): Promise<void> {
  return new Promise((resolve) => process.stderr.write(scrub(text), () => resolve()));
}
