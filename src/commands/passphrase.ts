import { InputError } from '../errors.js';
import { promptHidden } from '../io/prompt.js';

/**
 * The vault passphrase: the first line of standard input (--passphrase-stdin),
 * XCRED_VAULT_PASSPHRASE, or a hidden prompt on the terminal (asked twice when
 * creating). Kept as a Buffer so it can be wiped after use.
 */
export async function getPassphrase(opts: { stdinLine?: string | undefined; confirm?: boolean; stdinOption?: boolean; neededFor?: string }): Promise<Buffer> {
  let text: string | undefined = opts.stdinLine;
  if (text === undefined) text = process.env.XCRED_VAULT_PASSPHRASE;
  if (text === undefined || text === '') {
    if (!process.stdin.isTTY) {
      // Name only what this command accepts: --passphrase-stdin exists on creds add/remove, not on diagnose or sign.
      throw new InputError(
        `${opts.neededFor ? `${opts.neededFor}: ` : ''}the vault needs a passphrase: set XCRED_VAULT_PASSPHRASE${opts.stdinOption ? ', use --passphrase-stdin' : ''}, or run in a terminal to be asked`,
      );
    }
    text = await promptHidden('Vault passphrase: ');
    if (opts.confirm) {
      const again = await promptHidden('Repeat the passphrase: ');
      if (again !== text) throw new InputError('the passphrases do not match: nothing was stored');
    }
  }
  // The length rule is for a new passphrase; a short one given to open a vault is simply not its passphrase.
  if (opts.confirm && text.length < 8) throw new InputError('the vault passphrase must be at least 8 characters');
  return Buffer.from(text, 'utf8');
}
