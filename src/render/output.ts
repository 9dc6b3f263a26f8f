import { withSchemaVersion } from './schema-version.js';
import { scrub, scrubJson } from '../core/secret.js';
import type { CommandResult, GlobalOptions } from '../commands/result.js';

// The one output boundary: every byte xcred prints passes here. Registered
// secret values are replaced with "[redacted]", registered API keys with their
// mask, and credentials inside URLs with "***" (the Secret type and the
// renderers are the first line of defence, this is the second). JSON is
// scrubbed value by value before it is serialised, so it stays valid.

export async function renderResult(result: CommandResult, opts: GlobalOptions): Promise<string> {
  if (result.printed) return '';
  if (opts.json) return jsonText(withSchemaVersion(result.json));
  if (opts.format === 'md' && result.markdown) return scrub(result.markdown());
  // chalk loads only when text is rendered: it is not on the start-up path.
  const { makeStyle, wantsColor } = await import('./style.js');
  const { outputWidth } = await import('./width.js');
  const style = makeStyle({
    color: wantsColor(process.stdout, process.env, opts.color),
    verbose: opts.verbose ?? false,
    width: outputWidth(process.stdout, process.env),
  });
  const text = scrub(result.text(style));
  return text.endsWith('\n') || text === '' ? text : text + '\n';
}

/** One JSON document, scrubbed value by value. */
export function jsonText(value: unknown): string {
  return JSON.stringify(scrubJson(value), null, 2) + '\n';
}

function write(stream: NodeJS.WriteStream, data: string | Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (data.length === 0) return resolve();
    stream.write(data, () => resolve());
  });
}

/** Free text for stdout, scrubbed. */
export function writeOut(text: string): Promise<void> {
  return write(process.stdout, scrub(text));
}

/** Output of renderResult or jsonText, which scrubbed it already (scrubbing serialised JSON again could break it). */
export function writeRendered(text: string): Promise<void> {
  return write(process.stdout, text);
}

/** One JSON document on stdout. */
export function writeJson(value: unknown): Promise<void> {
  return write(process.stdout, jsonText(value));
}

/** Exactly these bytes on stdout, unscrubbed: only for data the user asked to see (decrypt). */
export function writeOutBytes(data: Uint8Array): Promise<void> {
  return write(process.stdout, data);
}

export function writeErr(text: string): Promise<void> {
  return write(process.stderr, scrub(text));
}
