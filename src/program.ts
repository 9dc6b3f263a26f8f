import { Command, Help, Option } from 'commander';
import { SCENARIOS } from './emulator/state.js';
import { UsageError } from './errors.js';
import type { CommandResult, GlobalOptions } from './commands/result.js';
import { writeFd } from './render/output.js';
import { terminalInfo } from './render/terminal.js';
import { outputWidth } from './render/width.js';
import { allApis, apiVersions, credentialGroups, exchangeNames, orList } from './exchanges/registry.js';

// The command tree: every command, argument and option, with each command's
// code imported only when it runs. src/cli.ts runs it; the tests parse README
// examples and suggested commands against these same definitions.
//
// Start-up builds only the command being run (`only`): commander's objects
// for all 13 commands cost ~4 ms. Help and usage errors get the full tree
// (src/cli.ts), so what they print never depends on it. Which code a command
// runs comes from the caller (`code`): the whole CLI's map is
// src/entries/cli.ts; each command's own bundle (src/entries/<name>.ts)
// carries only its own, so no other command's code is read at start-up.

type Loader = () => Promise<{ run(args: string[], opts: Record<string, unknown>): Promise<CommandResult> }>;

/** The modules behind the commands (creds' subcommands share one, and so do encrypt and decrypt). */
export type CodeName = 'diagnose' | 'test-auth' | 'check-ip' | 'sign' | 'explain' | 'proxy' | 'renew-hint' | 'creds' | 'encrypt' | 'fingerprint' | 'emulator';

/** Each command's code, imported when the command runs. */
export type CommandCode = Partial<Record<CodeName, () => Promise<unknown>>>;

export interface ProgramOptions {
  /** The command modules this program can run; a command whose code is missing cannot run (help and parsing still work). */
  code?: CommandCode;
  /** Declare only this top-level command (and none of the others); default: all. */
  only?: string;
}

/** The code module behind a top-level command name. */
export const CODE_OF: Record<string, CodeName> = {
  diagnose: 'diagnose',
  'test-auth': 'test-auth',
  'check-ip': 'check-ip',
  sign: 'sign',
  explain: 'explain',
  proxy: 'proxy',
  'renew-hint': 'renew-hint',
  creds: 'creds',
  encrypt: 'encrypt',
  decrypt: 'encrypt',
  fingerprint: 'fingerprint',
  emulator: 'emulator',
};

/** What the program does with a command's result: src/cli.ts renders it and records the exit code. */
export type ResultSink = (result: CommandResult, opts: GlobalOptions) => Promise<void>;

/** Thrown when -V/--version/-v is given: src/cli.ts prints the version (as JSON under --json). */
export class VersionRequested extends Error {}

export const EXIT_CODES_HELP = `
Exit codes:
  0    all good
  1    a problem was found (the key, its permissions, the IP, the clock...)
  2    usage or input error
  3    could not tell (network down, exchange unavailable, timeout, rate limited)
  130  interrupted (Ctrl-C); under --json the report says which checks finished`;

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The <exchange> argument, as the registry lists the exchanges. */
const EXCHANGE_ARG = orList(exchangeNames());

/** --api-version, for exchanges with several APIs ("cryptocom: v1 (default), v2"). */
function apiVersionOption(): Option {
  const multi = exchangeNames()
    .map((name) => allApis().filter((f) => f.exchange === name && f.apiVersion))
    .filter((apis) => apis.length > 1)
    .map((apis) => `${apis[0]!.exchange}: ${apis.map((f) => f.apiVersion + (f.isDefaultVersion ? ' (default)' : '')).join(', ')}`);
  return new Option('--api-version <v>', `API version, for exchanges with several (${multi.join('; ')})`).choices(apiVersions());
}

/** The exchanges whose keys can be stored, saying which share one key. */
function storedExchangeArg(): string {
  return orList(
    credentialGroups().map((g) => {
      const sharing = exchangeNames().filter((n) => allApis().some((f) => f.exchange === n && f.credentialGroup === g.credentialGroup));
      return sharing.length > 1 ? `${g.exchange} (${orList(sharing).replace(/ or /, ' and ')} share the key)` : g.exchange;
    }),
  );
}

function outputOptions(cmd: Command, md = false): Command {
  cmd.option('--json', 'print one JSON document on stdout and nothing else');
  cmd.option('--no-color', 'no colour (NO_COLOR is honoured too)');
  cmd.option('-v, --verbose', 'show details');
  if (md) cmd.addOption(new Option('--format <format>', 'output format').choices(['text', 'md']).default('text'));
  return cmd;
}

/**
 * .env files. `--dotenv` is the documented spelling: Node (20.6+) reads
 * `--env-file` itself even after the script name, and on Node 20 dies on a
 * missing file before xcred runs. `--env-file` stays accepted for when it
 * does reach xcred (Node 22+, or an existing file).
 */
function dotenvOptions(cmd: Command, what = 'read credentials from this .env file'): Command {
  return cmd
    .option('--dotenv <path>', `${what} (e.g. /etc/crypto.env), repeatable; default ./.env when present. Not --env-file: Node reads that flag itself, first`, collect)
    .addOption(new Option('--env-file <path>', 'same as --dotenv (Node itself may intercept --env-file: prefer --dotenv)').argParser(collect).hideHelp());
}

/** Where the key comes from and where requests go: the same options for every command that talks to an exchange. */
function exchangeOptions(cmd: Command): Command {
  return dotenvOptions(
    cmd
      .addOption(apiVersionOption())
      .option('--base-url <url>', 'override the exchange base URL')
      .option('--api-key <key>', 'API key (else from the environment, .env, keychain or vault)')
      .option('--profile <name>', 'stored credentials profile (xcred creds add --profile)', 'default')
      .option('--secret-stdin', 'read the API secret from standard input (never put it on the command line)'),
  )
    .option('--timeout <ms>', 'per-request timeout', '10000')
    .option('--proxy <url>', 'send through this proxy (default: HTTPS_PROXY/HTTP_PROXY/NO_PROXY)');
}

export const COMMAND_ORDER = ['diagnose', 'test-auth', 'check-ip', 'sign', 'explain', 'proxy', 'renew-hint', 'creds', 'encrypt', 'decrypt', 'fingerprint', 'emulator', 'help'];

export function buildProgram(sink: ResultSink = async () => {}, options: ProgramOptions = {}): Command {
  const code = options.code ?? {};
  const wanted = (name: string) => options.only === undefined || options.only === name;
  const load = async (name: CodeName): Promise<Record<string, unknown>> => {
    const loader = code[name];
    if (!loader) throw new Error(`the code of \`xcred ${name}\` is not in this bundle`);
    return (await loader()) as Record<string, unknown>;
  };
  const action = (loader: Loader) => async (...raw: unknown[]) => {
    const cmd = raw[raw.length - 1] as Command;
    const args = raw.slice(0, -2).flat().filter((a): a is string => typeof a === 'string');
    const opts = cmd.optsWithGlobals() as Record<string, unknown> & GlobalOptions;
    const mod = await loader();
    await sink(await mod.run(args, opts), opts);
  };
  /** The `run` export of a command's module. */
  const runOf = (name: CodeName, exported = 'run'): Loader => async () => ({ run: (await load(name))[exported] as never });

  const program = new Command('xcred')
    .description('Find out why a crypto-exchange API key does not work, and what to do about it.')
    // Program options only before the command: after it, -v is each command's --verbose.
    .enablePositionalOptions()
    .option('-V, --version', 'print the version (-v too)')
    .addOption(new Option('-v').hideHelp())
    .addOption(new Option('--json').hideHelp())
    .addOption(new Option('--no-color').hideHelp())
    .showSuggestionAfterError(true)
    .exitOverride()
    .helpCommand(false)
    .configureOutput({
      // Through the same synchronous writes as everything else (src/render/output.ts).
      writeOut: (s) => void writeFd(1, s),
      writeErr: (s) => void writeFd(2, s),
      // The same width rule as every other output (the terminal's, else $COLUMNS, else 80 for help).
      getOutHelpWidth: () => outputWidth(terminalInfo(1), process.env) ?? 80,
      getErrHelpWidth: () => outputWidth(terminalInfo(2), process.env) ?? 80,
      // Commander strips colour from help when these say false; xcred's help has none. Asked through
      // terminalInfo so that help on a pipe does not create process.stdout (src/render/terminal.ts).
      getOutHasColors: () => terminalInfo(1).isTTY && Boolean(process.stdout.hasColors?.()),
      getErrHasColors: () => terminalInfo(2).isTTY && Boolean(process.stderr.hasColors?.()),
      // Our own one-line error is printed by src/cli.ts; silence commander's.
      outputError: () => {},
    })
    .configureHelp({
      // Narrow terminals still get wrapped descriptions (commander's default gives up below 40 columns of text).
      minWidthToWrap: 24,
      // Too narrow for term and description side by side: the description goes under its term.
      formatItem(this: Help, term: string, termWidth: number, description: string, helper: Help) {
        const width = this.helpWidth ?? 80;
        if (!description || width - termWidth - 4 >= this.minWidthToWrap) return Help.prototype.formatItem.call(this, term, termWidth, description, helper);
        return `  ${term}\n${helper.boxWrap(description, width - 6).replace(/^/gm, '      ')}`;
      },
      // The main job first, then the tools it is made of.
      visibleCommands(this: Help, cmd: Command) {
        const rank = (c: Command) => (COMMAND_ORDER.includes(c.name()) ? COMMAND_ORDER.indexOf(c.name()) : COMMAND_ORDER.length);
        return Help.prototype.visibleCommands.call(this, cmd).sort((a, b) => rank(a) - rank(b));
      },
    })
    .addHelpText(
      'after',
      `
Exchanges: ${allApis().flatMap((f) => (f.helpLine ? [f.helpLine] : [])).join(', ')}
${EXIT_CODES_HELP}

Help you ask for (xcred help [command...], --help) goes to stdout with exit 0;
help shown because a command is missing goes to stderr with exit 2.`,
    );
  const version = () => {
    throw new VersionRequested();
  };
  program.on('option:version', version);
  program.on('option:v', version);

  if (wanted('sign'))
    outputOptions(
      exchangeOptions(
        program
          .command('sign')
          .description('build and sign a request exactly as a client should send it and show every step; sends nothing unless --send')
          .argument('<exchange>', EXCHANGE_ARG)
          .option('--dry-run', 'send nothing (the default): print the inputs, string to sign, signature, request and a curl command')
          .option('--send', 'send the signed request and explain the answer')
          .option('--yes', 'with --send: do not ask before sending a request that can change the account (orders, cancels, withdrawals, transfers)')
          .option('--method <method>', 'HTTP method (MEXC); default GET, POST for Crypto.com')
          .option('--path <path>', 'MEXC path (/api/v3/account) or Crypto.com method (private/user-balance)')
          .option('--param <key=value>', 'a parameter, repeatable, order kept', collect)
          .option('--params <json>', 'Crypto.com params object as JSON')
          .option('--body <body>', 'request body, signed byte for byte: a MEXC spot form body is signed after the query; a JSON body is signed for futures only (see the note sign prints)')
          .option('--sort', 'MEXC spot: sort parameters by key')
          .option('--timestamp <ms>', 'MEXC timestamp / Request-Time in ms (default now)')
          .option('--recv-window <ms>', 'MEXC recvWindow (spot default 5000, max 60000)')
          .option('--nonce <ms>', 'Crypto.com nonce in ms (default now)')
          .option('--id <n>', 'Crypto.com request id (default 1)')
          .option('--show-key', 'show the API key unmasked'),
      ),
    ).action(action(runOf('sign')));

  if (wanted('explain'))
    outputOptions(
      program
        .command('explain')
        .description('explain an error code, message, pasted response or whole bot log: meaning, likely causes, fixes')
        .argument('<exchange>', EXCHANGE_ARG)
        .argument('[input...]', 'a code (700002), a message, a pasted response or exception, or - to read text or a log from standard input')
        .addOption(apiVersionOption())
        .option('--file <path>', 'read a bot log (or a pasted response) from this file; .gz works too')
        .option('--status <code>', 'the HTTP status the response came with (a code in the body still decides)'),
    ).action(action(runOf('explain')));

  if (wanted('emulator'))
    outputOptions(
      program
        .command('emulator')
        .description('run a local MEXC + Crypto.com emulator with demo keys and failure scenarios')
        .option('--host <host>', 'address to listen on', '127.0.0.1')
        .option('--port <n>', 'port (0: any free port)', '0')
        .option('--scenario <name>', 'ok, wrong-secret, ip-not-whitelisted, clock-ahead, clock-behind, no-trade-permission, no-read-permission, invalid-key, expired-key, rate-limited, outage, slow', 'ok')
        .option('--latency <ms>', 'added latency per request')
        .option('--tls', 'serve HTTPS with a freshly generated self-signed certificate')
        .addHelpText('after', '\nUnder --json, stdout is NDJSON: one JSON object per line (listening, then one per request, then stopped).'),
    ).action(action(runOf('emulator')));

  if (wanted('proxy'))
    outputOptions(
      exchangeOptions(program
        .command('proxy')
        .description("a local pass-through to point your bot at: forwards every request unchanged, explains each answer, and names what your client got wrong when a signature or timestamp is refused")
        .argument('<exchange>', EXCHANGE_ARG)
        .option('--host <host>', 'address to listen on (loopback unless you mean it)', '127.0.0.1')
        .option('--port <n>', 'port (0: any free port)', '8788')
        .option('--count <n>', 'stop after this many requests and print the summary (default: Ctrl-C)')
        .addHelpText('after', '\nUnder --json, stdout is NDJSON: one JSON object per line (listening, then one per request, then summary).\n--timeout is also a deadline for the exchange\'s whole answer (headers and body):\npast it the bot gets a 504, or its connection is cut mid-answer.\nWebSocket upgrades are refused: connect streams to the exchange directly.\nRequests from a browser (Origin, Sec-Fetch-Site, or a Sec-Fetch-Mode other than cors) are refused (403),\nand, on loopback, a Host other than 127.0.0.1, localhost or [::1] (DNS rebinding).')),
    ).action(action(runOf('proxy')));

  if (wanted('check-ip'))
    outputOptions(
      program
        .command('check-ip')
        .description('find the address the exchange sees (several echo services, IPv4 and IPv6) and check it against a whitelist')
        .option('--ip-service <url>', 'echo service to ask, repeatable; replaces the defaults (or XCRED_IP_SERVICES, comma-separated)', collect)
        .option('--timeout <ms>', 'per-service timeout', '5000')
        .option('--whitelist <ips>', 'IPs or CIDRs, comma-separated (or XCRED_IP_WHITELIST)')
        .option('--proxy <url>', 'go through this proxy (default: HTTPS_PROXY/HTTP_PROXY/NO_PROXY)'),
    ).action(action(runOf('check-ip')));

  if (wanted('diagnose'))
    outputOptions(
      exchangeOptions(
        program
          .command('diagnose')
          .description('find out why a key does not work: credentials, connectivity, clock, egress IP, signer, auth, permissions, key age')
          .argument('<exchange>', EXCHANGE_ARG)
          .option('--emulator [scenario]', 'run against the built-in emulator with its demo key (scenario default: ok)')
          .option('--ip-service <url>', 'IP echo service for the egress check, repeatable (or XCRED_IP_SERVICES, comma-separated)', collect)
          .option('--whitelist <ips>', "the key's IP whitelist (IPs/CIDRs, comma-separated; or XCRED_IP_WHITELIST)")
          .option('--no-trade-probe', 'skip the trade-permission probe')
          .option('--created <date>', "the key's creation date (YYYY-MM-DD, or 30d for 30 days ago), for the key-age check")
          .option('--ip-bound', 'the key has IP addresses bound (MEXC: then it does not expire after 90 days)')
          .addHelpText('after', `\nEmulator scenarios (--emulator NAME):\n${[0, 4, 8].map((i) => `  ${SCENARIOS.slice(i, i + 4).join(', ')}`).join(',\n')}`),
      ),
      true,
    ).action(action(runOf('diagnose')));

  if (wanted('test-auth'))
    outputOptions(
      exchangeOptions(
        program
          .command('test-auth')
          .description('one authenticated read call (and with --trade a probe that can never trade), explained')
          .argument('<exchange>', EXCHANGE_ARG)
          .option('--trade', 'also probe the trade permission (MEXC order/test; Crypto.com cancel of an order that cannot exist)')
          .option('--emulator [scenario]', 'run against the built-in emulator with its demo key'),
      ),
    ).action(action(runOf('test-auth')));

  if (wanted('fingerprint'))
    outputOptions(
      program
        .command('fingerprint')
        .description('print a short SHA-256 fingerprint of a secret read from standard input (or --env VAR), to compare copies without showing them')
        .option('--env <name>', 'read the value from this environment variable instead of standard input'),
    ).action(action(runOf('fingerprint')));

  if (wanted('creds')) {
    const creds = program
      .command('creds')
      .description('store credentials in the OS keychain or an encrypted vault; list, show, remove; lint them');
    const sub = (name: string) =>
      action(async () => {
        const mod = (await load('creds')) as { run(args: string[], opts: Record<string, unknown>): Promise<CommandResult> };
        return { run: (args: string[], opts: Record<string, unknown>) => mod.run(args, { ...opts, subcommand: name }) };
      });
    outputOptions(
      creds
        .command('add')
        .description('store a key and secret, read from a hidden prompt or standard input (key line, secret line), never argv')
        .argument('<exchange>', storedExchangeArg())
        .option('--profile <name>', 'profile name, for several keys per exchange', 'default')
        .option('--created <date>', 'when the key was created on the exchange (YYYY-MM-DD, or 30d for 30 days ago; default: today)')
        .option('--ip-bound', 'the key has IP addresses bound')
        .option('--store <where>', 'keychain or vault (default: the keychain if it works, else the vault)')
        .option('--passphrase-stdin', 'the first line of standard input is the vault passphrase')
        .option('--force', 'replace a credential already stored under this profile (its old secret is lost)'),
    ).action(sub('add'));
    outputOptions(creds.command('list').description('stored credentials, masked, with store and age')).action(sub('list'));
    outputOptions(
      creds.command('show').description('one stored credential: masked key, secret fingerprint, age, IP binding').argument('<exchange>').option('--profile <name>', 'profile name', 'default'),
    ).action(sub('show'));
    outputOptions(
      creds
        .command('remove')
        .description('delete a stored credential')
        .argument('<exchange>')
        .option('--profile <name>', 'profile name', 'default')
        .option('--passphrase-stdin', 'read the vault passphrase from standard input'),
    ).action(sub('remove'));
    outputOptions(
      dotenvOptions(
        creds
          .command('lint')
          .description('check credentials and .env files for the mistakes that break signatures, with positions and fixes')
          .argument('[exchange]', `${EXCHANGE_ARG} (default: every exchange with credentials)`),
        'a .env file to use and lint',
      ).option('--profile <name>', 'stored profile to lint', 'default'),
    ).action(sub('lint'));
  }

  const cryptOptions = (cmd: Command) =>
    cmd
      .option('--in <file>', 'read from this file (a value, or a whole .env); default: standard input')
      .option('--out <file>', 'write to this file: a new path or a regular file (mode 0600, atomically); default: stdout (encrypt: one armoured line; decrypt: the plaintext, byte for byte)')
      .option('--key-env <var>', 'use the 32-byte base64 master key in this environment variable (e.g. ENCRYPTION_MASTER_KEY)')
      .option('--passphrase-env <var>', 'use the passphrase in this environment variable')
      .option('--passphrase-stdin', 'read the passphrase from standard input (with --in)')
      .option('--force', 'replace an existing --out file (a regular file only: never a device, FIFO, socket, directory or symlink)');
  if (wanted('encrypt'))
    outputOptions(
      cryptOptions(program.command('encrypt').description('encrypt a value or a .env file (AES-256-GCM; scrypt passphrase or master key)')).option(
        '--generate-key',
        'print a new random 32-byte base64 master key (only the key on stdout, for $(...))',
      ),
    ).action(action(runOf('encrypt', 'runEncrypt')));
  if (wanted('decrypt'))
    outputOptions(cryptOptions(program.command('decrypt').description('decrypt; tells a wrong key from a corrupted file from another format'))).action(
      action(runOf('encrypt', 'runDecrypt')),
    );

  if (wanted('renew-hint'))
    outputOptions(
      program
        .command('renew-hint')
        .description('when a key expires, whether the renewal window is open, and what to do; MEXC browser tokens too')
        .argument('<exchange>', EXCHANGE_ARG)
        .option('--profile <name>', 'use the creation date recorded by xcred creds add', 'default')
        .option('--created <date>', "the key's creation date (YYYY-MM-DD, or 30d for 30 days ago)")
        .option('--ip-bound', 'the key has IP addresses bound (MEXC: then it does not expire after 90 days)')
        .option('--rotate-days <n>', 'rotation reminder for keys that do not expire by rule')
        .option('--ics <file>', 'write an iCalendar event whose alarm fires when it is time to renew (never in the past)')
        .option('--web-token', 'inspect a MEXC browser token (WEB...) read from standard input or MEXC_WEB_TOKEN, never argv'),
    ).action(action(runOf('renew-hint')));

  if (wanted('help')) {
    program
      .command('help')
      .description('show help for a command: xcred help creds add (--json for a JSON document)')
      .argument('[command...]', 'a command, or a command and subcommand')
      .option('--json', 'print the help as one JSON document')
      .action(async (path: string[], opts: GlobalOptions) => {
        const target = resolveCommandPath(program, path);
        await sink(
          {
            exitCode: 0,
            json: helpJson(target),
            text: () => target.helpInformation({ error: false }).replace(/\n$/, ''),
          },
          opts,
        );
      });
  }

  return program;
}

/** The command a path of names leads to; an unknown name is commander's own error, with its suggestion. */
export function resolveCommandPath(program: Command, path: readonly string[]): Command {
  let cmd = program;
  for (const [i, name] of path.entries()) {
    const next = cmd.commands.find((c) => c.name() === name || c.aliases().includes(name));
    if (!next) {
      // Let commander say it, with its "(Did you mean ...?)": parse the path as far as it goes.
      buildProgram().parse(path.slice(0, i + 1) as string[], { from: 'user' });
      throw new UsageError(`unknown command '${name}'`);
    }
    cmd = next;
  }
  return cmd;
}

/** The command named by argv's leading words (options skipped): `xcred creds lint --bogus` → creds lint. */
export function commandPathOf(program: Command, argv: readonly string[]): Command[] {
  const path: Command[] = [];
  let cmd = program;
  for (const token of argv) {
    if (token.startsWith('-')) continue;
    const next = cmd.commands.find((c) => c.name() === token || c.aliases().includes(token));
    if (!next) break;
    path.push(next);
    cmd = next;
  }
  return path;
}

export function fullName(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function helpJson(cmd: Command): Record<string, unknown> {
  const help = cmd.createHelp();
  return {
    command: fullName(cmd),
    usage: help.commandUsage(cmd),
    description: help.commandDescription(cmd),
    arguments: help.visibleArguments(cmd).map((a) => ({ name: a.name(), description: a.description, required: a.required, variadic: a.variadic })),
    options: help.visibleOptions(cmd).map((o) => ({
      flags: o.flags,
      description: o.description,
      ...(o.defaultValue !== undefined ? { default: o.defaultValue } : {}),
      ...(o.argChoices ? { choices: o.argChoices } : {}),
    })),
    commands: help.visibleCommands(cmd).map((c) => ({ name: c.name(), usage: help.subcommandTerm(c), description: help.subcommandDescription(c) })),
    text: cmd.helpInformation(),
  };
}
