import { ExitCode, InputError, UsageError } from '../errors.js';
import { describeSource } from '../core/credentials/resolve.js';
import { lintCredentials, type LintFinding } from '../core/credentials/lint.js';
import { lintDotenv, type DotenvFinding } from '../core/credentials/lint-dotenv.js';
import { EXCHANGES } from '../core/exchanges/registry.js';
import type { ExchangeInfo } from '../core/exchanges/types.js';
import { fingerprint, maskIdentifier } from '../core/secret.js';
import { keychainDelete, keychainSet, probeKeychain, type KeychainStatus } from '../io/keychain.js';
import { profileId, readProfiles, updateProfiles, type ProfileInfo } from '../io/profiles.js';
import { readStdin } from '../io/stdin.js';
import { promptHidden } from '../io/prompt.js';
import { updateVault, vaultPath } from '../io/vault-store.js';
import { scryptParams } from '../core/vault/envelope.js';
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
}

const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function profileOption(value: string | undefined): string {
  const p = value ?? 'default';
  if (!PROFILE_NAME.test(p)) throw new UsageError(`--profile must be letters, digits, "_", "." or "-" (got "${p}")`);
  return p;
}

const storageExchange = (e: ExchangeInfo) => (e.id === 'mexc-futures' ? EXCHANGES.mexc : e);

/** Key, secret (and passphrase with --passphrase-stdin) from standard input lines, or hidden prompts. */
async function readNewCredentials(passphraseFromStdin: boolean): Promise<{ apiKey: string; secret: string; passphraseLine?: string }> {
  if (!process.stdin.isTTY) {
    const lines = (await readStdin('xcred creds add')).split(/\r?\n/);
    const passphraseLine = passphraseFromStdin ? lines.shift() : undefined;
    const [apiKey, secret] = lines;
    if (!apiKey || !secret) {
      throw new InputError(`standard input must hold ${passphraseFromStdin ? 'the passphrase, then ' : ''}the API key and the secret, one per line`);
    }
    return { apiKey, secret, ...(passphraseLine !== undefined ? { passphraseLine } : {}) };
  }
  if (passphraseFromStdin) throw new UsageError('--passphrase-stdin needs input piped in, not a terminal');
  return { apiKey: await promptHidden('API key: '), secret: await promptHidden('API secret: ') };
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

  const id = profileId(exchange.id, profile);
  let keychain: KeychainStatus | null = null;
  let store: 'keychain' | 'vault' = opts.store === 'vault' ? 'vault' : 'keychain';
  if (store === 'keychain') {
    keychain = await probeKeychain();
    if (!keychain.ok) {
      if (opts.store === 'keychain') throw new InputError(`the OS keychain does not work here: ${keychain.reason}`);
      store = 'vault'; // never plaintext
    }
  }
  const createdAt = new Date(created).toISOString().slice(0, 10);
  const record = { apiKey: input.apiKey, secret: input.secret, createdAt, ipBound: Boolean(opts.ipBound), addedAt: new Date().toISOString() };
  if (store === 'keychain') {
    await keychainSet(id, JSON.stringify({ apiKey: record.apiKey, secret: record.secret }));
  } else {
    const passphrase = await getPassphrase({ stdinLine: input.passphraseLine, confirm: true, stdinOption: true });
    try {
      await updateVault({ kind: 'passphrase', passphrase, scrypt: scryptParams(process.env) }, (data) => {
        data.entries[id] = record;
      });
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
  await updateProfiles((index) => {
    index[id] = info;
  });
  const where = store === 'keychain' ? 'the OS keychain' : `the encrypted vault ${vaultPath()}`;
  return {
    exitCode: ExitCode.ok,
    json: { profile: id, ...info, keychain, warnings: findings.map((f) => f.message) },
    text: (style) =>
      wrapBlock([
        `${style.status('pass')} Stored ${id} in ${where}: key ${info.apiKeyMasked}, secret len ${info.secretLength}, ${info.secretFingerprint}`,
        ...(keychain && !keychain.ok ? [`${style.status('warn')} The OS keychain is not usable here (${keychain.reason}), so the encrypted vault was used. Never plaintext.`] : []),
        ...renderFindings(findings, style),
        `  Created ${createdAt}${record.ipBound ? ', IP-bound' : ', no IP bound'}: \`xcred renew-hint ${exchange.id} --profile ${profile}\` tells when it expires.`,
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
  const id = profileId(exchange.id, profileOption(opts.profile));
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
        `  expiry     \`xcred renew-hint ${exchange.id} --profile ${profileOption(opts.profile)}\``,
      ].join('\n'),
  };
}

async function remove(args: string[], opts: CredsOptions): Promise<CommandResult> {
  const exchange = storageExchange(exchangeArg(args[0]));
  const id = profileId(exchange.id, profileOption(opts.profile));
  const info = readProfiles()[id];
  if (!info) throw new InputError(`no stored credentials for ${id}: see \`xcred creds list\``);
  if (info.store === 'keychain') {
    await keychainDelete(id);
  } else {
    const passphraseLine = opts.passphraseStdin ? (await readStdin('--passphrase-stdin')).split(/\r?\n/)[0] : undefined;
    const passphrase = await getPassphrase({ stdinLine: passphraseLine, stdinOption: true });
    try {
      await updateVault({ kind: 'passphrase', passphrase, scrypt: scryptParams(process.env) }, (data) => {
        delete data.entries[id];
      });
    } finally {
      passphrase.fill(0);
    }
  }
  await updateProfiles((index) => {
    delete index[id];
  });
  return { exitCode: ExitCode.ok, json: { removed: id, store: info.store }, text: (style) => `${style.status('pass')} Removed ${id} from the ${info.store === 'vault' ? 'encrypted vault' : 'OS keychain'}.` };
}

async function lint(args: string[], opts: CredsOptions): Promise<CommandResult> {
  const exchanges = args[0] ? [exchangeArg(args[0])] : [EXCHANGES.mexc, EXCHANGES.cryptocom];
  const sections: Array<{ exchange: string; apiKeySource: string | null; secretSource: string | null; findings: LintFinding[]; warnings: string[] }> = [];
  // The .env files credentials are read from (the named ones, or ./.env): the same for every exchange.
  let dotenvFiles: Array<{ path: string; text?: string }> = [];
  for (const exchange of exchanges) {
    const creds = await loadCommandCredentials(exchange, opts);
    dotenvFiles = creds.dotenvFiles;
    if (!creds.apiKey && !creds.secret && !args[0]) continue;
    sections.push({
      exchange: exchange.id,
      apiKeySource: creds.apiKey ? describeSource(creds.apiKey.source) : null,
      secretSource: creds.secret ? describeSource(creds.secret.source) : null,
      findings: lintCredentials(exchange, creds.apiKey?.value ?? null, creds.secret?.value.reveal() ?? null),
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
