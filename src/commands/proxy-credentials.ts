import { describeSource } from '../core/credentials/resolve.js';
import type { Secret } from '../core/secret.js';
import type { ApiFacts } from '../exchanges/contract.js';
import { readProfiles } from '../io/profiles.js';
import type { CredentialBook, CredentialEntry } from '../proxy/inspect.js';
import type { CommandCredentials } from './context.js';

// The secrets `xcred proxy` can analyse with, matched by the key each request
// carries: the pair resolved as every command resolves it (flags, the
// environment, .env, the --profile in the keychain or vault), plus every
// other stored profile of the exchange's key group that can be read without
// asking (keychain entries; vault entries when XCRED_VAULT_PASSPHRASE is set).

export class Book implements CredentialBook {
  readonly entries: CredentialEntry[] = [];
  readonly notices: string[] = [];

  add(apiKey: string, secret: Secret, source: string): void {
    if (!this.entries.some((e) => e.apiKey === apiKey)) this.entries.push({ apiKey, secret, source });
  }

  lookup(apiKey: string): CredentialEntry | undefined {
    return this.entries.find((e) => e.apiKey === apiKey);
  }

  ownerOfSecret(value: string): CredentialEntry | undefined {
    return value.length >= 4 ? this.entries.find((e) => e.secret.reveal() === value) : undefined;
  }

  /** Every key held, masked, for redacting printed text. */
  keys(): string[] {
    return this.entries.map((e) => e.apiKey);
  }
}

export async function buildBook(facts: ApiFacts, creds: CommandCredentials): Promise<Book> {
  const book = new Book();
  if (creds.apiKey && creds.secret) book.add(creds.apiKey.value, creds.secret.value, describeSource(creds.secret.source));
  else if (creds.apiKey || creds.secret) book.notices.push(`only half a pair was found (${creds.apiKey ? 'a key without its secret' : 'a secret without its key'})${creds.pairing ? ': ' + creds.pairing.message : ''}`);
  for (const w of creds.warnings) book.notices.push(w);

  let index: ReturnType<typeof readProfiles>;
  try {
    index = readProfiles();
  } catch (err) {
    book.notices.push(`stored profiles not read: ${(err as Error).message.split('\n')[0]}`);
    return book;
  }
  const ids = Object.keys(index).filter((id) => id.startsWith(facts.credentialGroup + '/'));
  if (ids.length === 0) return book;
  // Loaded only when there are profiles: it pulls in the keychain module.
  const { loadStoredCredentials } = await import('./stored-credentials.js');
  let vaultSkipped = 0;
  for (const id of ids) {
    const profile = id.slice(facts.credentialGroup.length + 1);
    const src = creds.secret?.source;
    if (src && ((src.kind === 'keychain' && src.account === id) || (src.kind === 'vault' && src.entry === id))) continue; // already in the book
    if (index[id]!.store === 'vault' && !process.env.XCRED_VAULT_PASSPHRASE) {
      vaultSkipped++;
      continue;
    }
    try {
      const stored = await loadStoredCredentials(facts, profile);
      if (stored) book.add(stored.creds.apiKey.value, stored.creds.secret.value, describeSource(stored.creds.secret.source));
    } catch (err) {
      book.notices.push(`stored profile ${id} not read: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  if (vaultSkipped) book.notices.push(`${vaultSkipped} profile${vaultSkipped === 1 ? '' : 's'} in the vault not read: set XCRED_VAULT_PASSPHRASE to use ${vaultSkipped === 1 ? 'it' : 'them'}`);
  return book;
}
