import { escapeJsonControls } from './terminal-safe.js';
import { scrubJson } from '../core/secret.js';
import type { Finding } from '../core/forensics/types.js';
import type { Style } from './style.js';

// How findings are printed by the long-running commands (emulator, proxy):
// one indented line each under the request line, and NDJSON under --json.
//
// --json for a long-running command: stdout is NDJSON, one complete JSON
// object per line, each with a "type": first the start object, then one
// object per event (request...), and on a clean stop a last object.

export function ndjson(event: Record<string, unknown>): string {
  // Scrubbed value by value (the JSON stays valid); print it with writeRendered, not writeOut, which would scrub the text again.
  return escapeJsonControls(JSON.stringify(scrubJson(event))) + '\n';
}

/** The finding as it appears in events: kind, variant, sentence (and the other mistakes giving the same signature). */
export function findingJson(f: Finding): Record<string, unknown> {
  return {
    kind: f.kind,
    variant: f.variant,
    sentence: f.sentence,
    ...(f.alsoConsistentWith ? { alsoConsistentWith: f.alsoConsistentWith } : {}),
    ...(f.tried !== undefined ? { tried: f.tried } : {}),
  };
}

const LABEL: Record<Finding['kind'], string> = {
  mistake: 'mistake',
  correct: 'signature',
  'no-match': 'signature',
  'not-analysable': 'signature',
  clock: 'clock',
};

/** "    ↳ mistake: Your client signs ..." */
export function findingLine(f: Finding, style: Style): string {
  const glyph = f.kind === 'mistake' || f.kind === 'no-match' ? style.status('fail') : f.kind === 'correct' || f.variant === 'clock-ok' ? style.status('pass') : f.kind === 'clock' ? style.status('fail') : style.status('skip');
  const also = f.alsoConsistentWith?.length ? ` (the same signature also comes from: ${f.alsoConsistentWith.join(', ')})` : '';
  return `    ${glyph} ${style.c.bold(LABEL[f.kind] + ':')} ${f.sentence}${also}\n`;
}
