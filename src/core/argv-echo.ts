// Commander's usage errors quote what was typed: `unknown option
// '--secret=…'`, `unknown command '…'`. A user who pasted a secret onto the
// command line must not see it again on stderr (CI logs keep stderr), so the
// words quoted back are scrubbed here before the one-line error is printed.

/** Option names that say the value after `=` was meant to be a credential. */
const CREDENTIAL_NAME = /secret|passphrase|password|passwd|token|priv|api[-_]?key|sign/i;

/** A quoted word long and random-looking enough to be a key or secret. */
function looksLikeCredential(word: string): boolean {
  // No '/': paths and URLs are quoted back on purpose; MEXC and Crypto.com secrets never hold one.
  return word.length >= 16 && /^[A-Za-z0-9_+=.-]+$/.test(word) && /[A-Za-z]/.test(word) && /[0-9]/.test(word);
}

export interface ScrubbedUsageMessage {
  message: string;
  /** A value that may be a credential was typed on the command line (it is in argv): say how to pass it instead. */
  credentialTyped: boolean;
}

/** The usage error with every typed value that may be a credential replaced by its length. */
export function scrubTypedValues(message: string, argv: readonly string[]): ScrubbedUsageMessage {
  let credentialTyped = false;
  const typed = (word: string) => argv.some((a) => a.includes(word));
  const scrubbed = message
    // '--name=value': the name helps, the value is never needed to see the mistake.
    .replace(/'(--?[A-Za-z0-9][\w-]*)=([^']*)'/g, (_all, name: string, value: string) => {
      if ((CREDENTIAL_NAME.test(name) || looksLikeCredential(value)) && typed(name)) credentialTyped = true;
      return `'${name}=…' (the value after = is not shown)`;
    })
    .replace(/(['"])([^'"\s]+)\1/g, (all, quote: string, word: string) => {
      if (!looksLikeCredential(word)) return all;
      if (typed(word)) credentialTyped = true;
      return `${quote}[value not shown: ${word.length} characters]${quote}`;
    });
  // Unquoted, or inside a longer argument (`--dotenv VALUE`, `--host VALUE`, a URL's `?x=VALUE`): each piece of an
  // argument that looks like a credential is hidden wherever the message repeats it.
  let out = scrubbed;
  // Stricter than a quoted word: no '-' or '.', so a temporary directory's name (xcred-dotenv-Ab12Cd…) stays readable.
  const pieces = argv.flatMap((a) => a.split(/[=&?/:#@,;\s]+/)).filter((p) => looksLikeCredential(p) && /^[A-Za-z0-9_+]+$/.test(p));
  for (const piece of [...new Set(pieces)].sort((a, b) => b.length - a.length)) {
    if (!out.includes(piece)) continue;
    credentialTyped = true;
    out = out.split(piece).join(`[value not shown: ${piece.length} characters]`);
  }
  return { message: out, credentialTyped };
}

export const CREDENTIAL_ON_ARGV_ADVICE =
  'never put a secret on the command line (it stays in shell history and process lists): use the environment or .env, `xcred creds add`, or --secret-stdin, and rotate the secret if it was a real one';

/** Whether the typed arguments include an option whose name says it carries a credential. */
export function credentialOptionTyped(argv: readonly string[]): boolean {
  return argv.some((a) => /^--?[A-Za-z0-9][\w-]*/.test(a) && CREDENTIAL_NAME.test(a.split('=')[0]!) && !/^--(api-key|secret-stdin|passphrase-stdin|passphrase-env|key-env|show-key)(=|$)/.test(a));
}
