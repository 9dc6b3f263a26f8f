// Text from outside (an exchange's message, an HTML page, a pasted log, an
// echo service's answer) can carry terminal control sequences: set the window
// title, clear the screen, hide a hyperlink, move the cursor to overwrite a
// line with a fake "✓", reverse the reading direction. At the output boundary
// every control character is shown as a visible escape instead, except the
// colour sequences (SGR, `ESC [ … m`) xcred itself writes when colour is on.

let sgrAllowed = false;

/** Colour is on for this run (src/render/style.ts): SGR sequences are xcred's own. */
export function allowColourSequences(on: boolean): void {
  sgrAllowed = on;
}

const SGR = /\x1b\[[0-9;]*m/y;
// C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and isolates.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function visible(ch: string): string {
  const cp = ch.codePointAt(0)!;
  return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
}

/** The text with every control character but \t and \n made visible (xcred's own colour kept when colour is on). */
export function neutralizeControls(text: string, keepColour = sgrAllowed): string {
  if (!CONTROL.test(text)) return text;
  // A Windows line ending is a line ending, not a cursor move.
  text = text.replace(/\r\n/g, '\n');
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\x1b' && keepColour) {
      SGR.lastIndex = i;
      const m = SGR.exec(text);
      if (m) {
        out += m[0];
        i += m[0].length - 1;
        continue;
      }
    }
    out += CONTROL.test(ch) ? visible(ch) : ch;
  }
  return out;
}

// JSON.stringify escapes C0 controls already; these it leaves raw. Inside a JSON string a \uXXXX escape is the same value.
const JSON_RAW = /[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Serialised JSON with the control characters JSON.stringify leaves raw written as \u escapes (still the same JSON). */
export function escapeJsonControls(json: string): string {
  return json.replace(JSON_RAW, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
