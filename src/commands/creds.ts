import { ExitCode, InputError, UsageError } from '../errors.js';
import { describeSource } from '../core/credentials/resolve.js';
import { lintCredentials, pairingFinding, type LintFinding } from '../core/credentials/lint.js';
import { lintDotenv, type DotenvFinding } from '../core/credentials/lint-dotenv.js';
import type { ApiFacts } from '../exchanges/contract.js';
import { credentialGroups } from '../exchanges/registry.js';
import { fingerprint, maskIdentifier } from '../core/secret.js';
import { keychainDelete, keychainGet, keychainSet, parseKeychainEntry, probeKeychain, type KeychainStatus } from '../io/keychain.js';
import type { LockHolder } from '../io/lock.js';
import { profileId, readProfiles, updateProfiles, type ProfileInfo } from '../io/profiles.js';
import { readStdin } from '../io/stdin.js';
import { promptHidden } from '../io/prompt.js';
import { updateVault, vaultPath } from '../io/vault-store.js';
import { describeScrypt, scryptParams, type ScryptParams } from '../core/vault/envelope.js';
import { writeErr } from '../render/output.js';
import type { Style } from '../render/style.js';
import { fitTable } from '../render/table.js';
import { wrapBlock } from '../render/width.js';
import { loadCommandCredentials, type CredentialOptions } from './context.js';
import { exchangeArg, parseCreated } from './options.js';
import { getPassphrase } from './passphrase.js';
import type { CommandResult } from './result.js';

interface CredsOptions extends CredentialOptions {
  profile?: string;
  created?: string;
  ipBound?: boolean;
  store?: string;
  passphraseStdin?: boolean;
  force?: boolean;
}

const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function profileOption(value: string | undefined): string {
  const p = value ?? 'default';
  if (!PROFILE_NAME.test(p)) throw new UsageError(`--profile must be letters, digits, "_", "." or "-" (got "${p}")`);
  return p;
}

/** APIs that share a key store it once, under the first API of their credential group. */
const storageExchange = (e: ApiFacts): ApiFacts => credentialGroups().find((g) => g.credentialGroup === e.credentialGroup) ?? e;

/** Key, secret (and passphrase with --passphrase-stdin) from standard input lines, or hidden prompts. */
async function readNewCredentials(passphraseFromStdin: boolean): Promise<{ apiKey: string; secret: string; passphraseLine?: string }> {
  if (!process.stdin.isTTY) {
    const lines = (await readStdin('xcred creds add')).split(/\r?\n/);
    const passphraseLine = passphraseFromStdin ? lines.shift() : undefined;
    const [apiKey, secret, ...rest] = lines;
    if (!apiKey || !secret) {
      throw new InputError(`standard input must hold ${passphraseFromStdin ? 'the passphrase, then ' : ''}the API key and the secret, one per line`);
    }
    // A line more is a paste gone wrong (a key pair out of step, a wrapped secret): nothing is guessed.
    if (rest.some((line) => line !== '')) {
      throw new InputError(`standard input has more lines than ${passphraseFromStdin ? 'the passphrase, the key and the secret' : 'the key and secret'}: nothing stored`);
    }
    return { apiKey, secret, ...(passphraseLine !== undefined ? { passphraseLine } : {}) };
  }
  if (passphraseFromStdin) throw new UsageError('--passphrase-stdin needs input piped in, not a terminal');
  return { apiKey: await promptHidden('API key: '), secret: await promptHidden('API secret: ') };
}


/** Said on stderr once a writer has waited a second for another xcred holding the lock. */
function tellWaiting(what: string) {
  return (holder: LockHolder | null) =>
    void writeErr(`xcred: waiting for ${holder ? `xcred process ${holder.pid}` : 'another process'} to finish with the ${what} (it holds the lock)…\n`);
}

/** Refuse to replace a stored credential without --force: the exchange showed its secret once. */
function refuseOverwrite(id: string, masked: string, where: string): never {
  throw new InputError(
    `${id} already holds key ${masked} in ${where}: exchanges show a secret only once, so replacing it could lose it for good. Pass --force to replace it, or choose another --profile`,
  );
}

function renderFindings(findings: Array<LintFinding | DotenvFinding>, style: Style): string[] {
  return findings.map((f) => {
    const where = 'line' in f ? `line ${f.line}: ` : '';
    return `  ${style.status(f.severity === 'fail' ? 'fail' : 'warn')} ${where}${f.message}\n      fix: ${f.fix}`;
  });
}

async function add(args: string[], opts: CredsOptions): Promise<CommandResult> {
  const exchange = storageExchange(exchangeArg(args[0]));
  const profile = profileOption(opts.profile);
  const created = parseCreated(opts.created) ?? Date.now();
  if (opts.store !== undefined && opts.store !== 'keychain' && opts.store !== 'vault') throw new UsageError('--store must be keychain or vault');
  const input = await readNewCredentials(Boolean(opts.passphraseStdin));
  const findings = lintCredentials(exchange, input.apiKey, input.secret);
  const fails = findings.filter((f) => f.severity === 'fail');
  if (fails.length > 0) throw new InputError(`not stored: ${fails[0]!.message} (${fails[0]!.fix})`);

  const id = profileId(exchange.credentialGroup, profile);
  const listed = readProfiles()[id];
  if (listed && !opts.force) refuseOverwrite(id, listed.apiKeyMasked, listed.store === 'vault' ? 'the encrypted vault' : 'the OS keychain');
  if (listed && opts.store !== undefined && opts.store !== listed.store) {
    throw new InputError(`${id} is stored in the ${listed.store === 'vault' ? 'encrypted vault' : 'OS keychain'}: remove it first (\`xcred creds remove ${exchange.exchange} --profile ${profile}\`) to store it in the ${opts.store}`);
  }
  let keychain: KeychainStatus | null = null;
  // Replacing (--force) keeps the store the credential is in.
  let store: 'keychain' | 'vault' = (opts.store ?? listed?.store) === 'vault' ? 'vault' : 'keychain';
  if (store === 'keychain') {
    keychain = await probeKeychain();
    if (!keychain.ok) {
      if (opts.store === 'keychain' || listed?.store === 'keychain') throw new InputError(`the OS keychain does not work here: ${keychain.reason}`);
      store = 'vault'; // never plaintext
    }
  }
  const createdAt = new Date(created).toISOString().slice(0, 10);
  const record = { apiKey: input.apiKey, secret: input.secret, createdAt, ipBound: Boolean(opts.ipBound), addedAt: new Date().toISOString() };
  const notes: string[] = [];
  let scrypt: ScryptParams | null = null;
  if (store === 'keychain') {
    // The index may have lost track of an entry: the keychain itself is asked too.
    const present = opts.force ? null : await keychainGet(id).catch(() => null);
    if (present !== null) {
      let masked = 'an unreadable entry';
      try {
        masked = maskIdentifier(parseKeychainEntry(present, id).apiKey);
      } catch {
        // not xcred's JSON: say so without quoting it
      }
      refuseOverwrite(id, masked, 'the OS keychain');
    }
    await keychainSet(id, JSON.stringify({ apiKey: record.apiKey, secret: record.secret }));
  } else {
    const passphrase = await getPassphrase({ stdinLine: input.passphraseLine, confirm: true, stdinOption: true });
    try {
      const written = await updateVault(
        passphrase,
        (data) => {
          // Checked again under the lock: the index may have lost track of an entry.
          const old = data.entries[id];
          if (old && !opts.force) refuseOverwrite(id, maskIdentifier(old.apiKey), 'the encrypted vault');
          data.entries[id] = record;
        },
        { requested: scryptParams(process.env), onWait: tellWaiting('vault') },
      );
      scrypt = written.scrypt;
      notes.push(...written.notes);
    } finally {
      passphrase.fill(0);
    }
  }
  const info: ProfileInfo = {
    store,
    apiKeyMasked: maskIdentifier(record.apiKey),
    secretLength: record.secret.length,
    secretFingerprint: fingerprint(record.secret),
    createdAt,
    ipBound: record.ipBound,
    addedAt: record.addedAt,
  };
  const profiles = await updateProfiles(
    (index) => {
      index[id] = info;
    },
    { onWait: tellWaiting('profile index') },
  );
  if (profiles.warning && !notes.includes(profiles.warning)) notes.push(profiles.warning);
  const where = store === 'keychain' ? 'the OS keychain' : `the encrypted vault ${vaultPath()} (scrypt ${describeScrypt(scrypt!)})`;
  return {
    exitCode: ExitCode.ok,
    json: {
      profile: id,
      ...info,
      replaced: Boolean(listed),
      keychain,
      ...(scrypt ? { scrypt: { ...scrypt, description: describeScrypt(scrypt) } } : {}),
      warnings: [...notes, ...findings.map((f) => f.message)],
    },
    text: (style) =>
      wrapBlock([
        `${style.status('pass')} ${listed ? 'Replaced' : 'Stored'} ${id} in ${where}: key ${info.apiKeyMasked}, secret len ${info.secretLength}, ${info.secretFingerprint}`,
        ...(keychain && !keychain.ok ? [`${style.status('warn')} The OS keychain is not usable here (${keychain.reason}), so the encrypted vault was used. Never plaintext.`] : []),
        ...notes.map((n) => `${style.status('warn')} ${n}`),
        ...renderFindings(findings, style),
        exchange.keyLifetime.kind === 'expires-unless-ip-bound'
          ? `  Created ${createdAt}${record.ipBound ? ', IP-bound' : ', no IP bound'}: \`xcred renew-hint ${exchange.exchange} --profile ${profile}\` tells when it expires.`
          : `  Created ${createdAt}: ${exchange.exchangeTitle} keys do not expire by rule; \`xcred renew-hint ${exchange.exchange} --profile ${profile} --rotate-days N\` sets a rotation reminder.`,
      ].join('\n'), style.width),
  };
}

function ageInDays(createdAt: string | null, now = Date.now()): number | null {
  return createdAt ? Math.floor((now - Date.parse(createdAt)) / 86_400_000) : null;
}

const ipBoundText = (b: boolean | null) => (b === null ? 'unknown' : b ? 'yes' : 'no');

function list(): CommandResult {
  const index = readProfiles();
  const rows = Object.entries(index).sort(([a], [b]) => a.localeCompare(b));
  const age = (d: string | null) => {
    const days = ageInDays(d);
    return days === null ? 'unknown' : `${days} days`;
  };
  return {
    exitCode: ExitCode.ok,
    json: rows.map(([id, info]) => ({ profile: id, ...info, ageDays: ageInDays(info.createdAt) })),
    text: (style) => {
      if (rows.length === 0) return wrapBlock('No stored credentials. Add one with `xcred creds add <exchange>` (key and secret are read from a hidden prompt or standard input).', style.width);
      return fitTable(
        ['profile', 'store', 'API key', 'secret', 'created', 'age', 'IP-bound'],
        rows.map(([id, i]) => [id, i.store, i.apiKeyMasked, `len ${i.secretLength}, ${i.secretFingerprint}`, i.createdAt ?? '-', age(i.createdAt), ipBoundText(i.ipBound)]),
        style.width,
      );
    },
  };
}

function show(args: string[], opts: CredsOptions): CommandResult {
  const exchange = storageExchange(exchangeArg(args[0]));
  const id = profileId(exchange.credentialGroup, profileOption(opts.profile));
  const info = readProfiles()[id];
  if (!info) throw new InputError(`no stored credentials for ${id}: see \`xcred creds list\``);
  const ageDays = ageInDays(info.createdAt);
  return {
    exitCode: ExitCode.ok,
    json: { profile: id, ...info, ageDays },
    text: () =>
      [
        `${id}`,
        `  store      ${info.store === 'vault' ? `encrypted vault ${vaultPath()}` : 'OS keychain'}`,
        `  API key    ${info.apiKeyMasked}`,
        `  secret     len ${info.secretLength}, ${info.secretFingerprint}`,
        `  created    ${info.createdAt ?? 'unknown'}`,
        `  age        ${ageDays === null ? 'unknown' : `${ageDays} days`}`,
        `  IP-bound   ${ipBoundText(info.ipBound)}`,
        `  added      ${info.addedAt}`,
        `  expiry     \`xcred renew-hint ${exchange.exchange} --profile ${profileOption(opts.profile)}\``,
      ].join('\n'),
  };
}

async function remove(args: string[], opts: CredsOptions): Promise<CommandResult> {
  const exchange = storageExchange(exchangeArg(args[0]));
  const id = profileId(exchange.credentialGroup, profileOption(opts.profile));
  const info = readProfiles()[id];
  if (!info) throw new InputError(`no stored credentials for ${id}: see \`xcred creds list\``);
  if (info.store === 'keychain') {
    await keychainDelete(id);
  } else {
    const passphraseLine = opts.passphraseStdin ? (await readStdin('--passphrase-stdin')).split(/\r?\n/)[0] : undefined;
    const passphrase = await getPassphrase({ stdinLine: passphraseLine, stdinOption: true });
    try {
      await updateVault(
        passphrase,
        (data) => {
          delete data.entries[id];
        },
        { requested: scryptParams(process.env), onWait: tellWaiting('vault') },
      );
    } finally {
      passphrase.fill(0);
    }
  }
  await updateProfiles(
    (index) => {
      delete index[id];
    },
    { onWait: tellWaiting('profile index') },
  );
  return { exitCode: ExitCode.ok, json: { removed: id, store: info.store }, text: (style) => `${style.status('pass')} Removed ${id} from the ${info.store === 'vault' ? 'encrypted vault' : 'OS keychain'}.` };
}

async function lint(args: string[], opts: CredsOptions): Promise<CommandResult> {
  const exchanges = args[0] ? [exchangeArg(args[0])] : credentialGroups();
  const sections: Array<{ exchange: string; apiKeySource: string | null; secretSource: string | null; findings: LintFinding[]; warnings: string[] }> = [];
  // The .env files credentials are read from (the named ones, or ./.env): the same for every exchange.
  let dotenvFiles: Array<{ path: string; text?: string }> = [];
  for (const exchange of exchanges) {
    const creds = await loadCommandCredentials(exchange, { ...opts, sendsNothing: true });
    dotenvFiles = creds.dotenvFiles;
    if (!creds.apiKey && !creds.secret && !args[0]) continue;
    sections.push({
      exchange: exchange.exchange,
      apiKeySource: creds.apiKey ? describeSource(creds.apiKey.source) : null,
      secretSource: creds.secret ? describeSource(creds.secret.source) : null,
      findings: [...pairingFinding(creds.pairing), ...lintCredentials(exchange, creds.apiKey?.value ?? null, creds.secret?.value.reveal() ?? null)],
      warnings: creds.warnings,
    });
  }
  const relevant = new Set(exchanges.flatMap((e) => [...e.env.apiKey, ...e.env.secret, ...e.env.baseUrl]));
  const files = dotenvFiles.map((f) => ({ path: f.path, findings: lintDotenv(f.text ?? '', relevant) }));
  const failed = sections.some((s) => s.findings.some((f) => f.severity === 'fail')) || files.some((f) => f.findings.some((x) => x.severity === 'fail'));
  return {
    exitCode: failed ? ExitCode.problem : ExitCode.ok,
    json: { ok: !failed, credentials: sections, files },
    text: (style) => {
      const out: string[] = [];
      if (sections.length === 0) out.push(`${style.status('skip')} No credentials found in flags, the environment, .env or stored profiles.`);
      for (const s of sections) {
        out.push(`${s.exchange}: key from ${s.apiKeySource ?? 'nowhere'}, secret from ${s.secretSource ?? 'nowhere'}`);
        for (const w of s.warnings) out.push(`  ${style.status('warn')} ${w}`);
        out.push(...(s.findings.length ? renderFindings(s.findings, style) : [`  ${style.status('pass')} no whitespace, quotes, invisible characters or placeholders; shapes fit`]));
      }
      for (const f of files) {
        out.push(`${f.path}:`);
        out.push(...(f.findings.length ? renderFindings(f.findings, style) : [`  ${style.status('pass')} no duplicate keys, unquoted "#", unbalanced quotes or CRLF`]));
      }
      return wrapBlock(out.join('\n'), style.width);
    },
  };
}

export async function run(args: string[], opts: CredsOptions & { subcommand: string }): Promise<CommandResult> {
  switch (opts.subcommand) {
    case 'add':
      return add(args, opts);
    case 'list':
      return list();
    case 'show':
      return show(args, opts);
    case 'remove':
      return remove(args, opts);
    default:
      return lint(args, opts);
  }
}
