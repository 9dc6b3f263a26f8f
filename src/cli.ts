import { Command, CommanderError, Help, Option } from 'commander';
import { ExitCode, XcredError, type ExitCodeValue } from './errors.js';
import type { CommandResult, GlobalOptions } from './commands/result.js';
import { renderResult, writeErr, writeOut } from './render/output.js';
import { VERSION } from './version.js';
import { allApis, apiVersions, credentialGroups, exchangeNames, orList } from './exchanges/registry.js';

// The only place that exits. Commands are declared here eagerly (so --help is
// complete) but their code is imported only when they run.

type Loader = () => Promise<{ run(args: string[], opts: Record<string, unknown>): Promise<CommandResult> }>;

function action(loader: Loader) {
  return async (...raw: unknown[]) => {
    const cmd = raw[raw.length - 1] as Command;
    const args = raw.slice(0, -2).flat().filter((a): a is string => typeof a === 'string');
    const opts = cmd.optsWithGlobals() as Record<string, unknown> & GlobalOptions;
    const mod = await loader();
    const result = await mod.run(args, opts);
    await writeOut(await renderResult(result, opts));
    exitCode = result.exitCode;
  };
}

let exitCode: ExitCodeValue = ExitCode.ok;

const collect = (value: string, previous: string[] = []) => [...previous, value];

function outputOptions(cmd: Command, md = false): Command {
  cmd.option('--json', 'print one JSON document on stdout and nothing else');
  cmd.option('--no-color', 'no colour (NO_COLOR is honoured too)');
  cmd.option('-v, --verbose', 'show details');
  if (md) cmd.addOption(new Option('--format <format>', 'output format').choices(['text', 'md']).default('text'));
  return cmd;
}


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

/** Where the key comes from and where requests go: the same options for every command that talks to an exchange. */
function exchangeOptions(cmd: Command): Command {
  return cmd
    .addOption(apiVersionOption())
    .option('--base-url <url>', 'override the exchange base URL')
    .option('--api-key <key>', 'API key (else from the environment, .env, keychain or vault)')
    .option('--profile <name>', 'stored credentials profile (xcred creds add --profile)', 'default')
    .option('--secret-stdin', 'read the API secret from standard input (never put it on the command line)')
    .option('--env-file <path>', 'read credentials from this .env file (e.g. /etc/crypto.env), repeatable', collect)
    .option('--timeout <ms>', 'per-request timeout', '10000')
    .option('--proxy <url>', 'send through this proxy (default: HTTPS_PROXY/HTTP_PROXY/NO_PROXY)');
}

function buildProgram(): Command {
  const program = new Command('xcred')
    .description('Find out why a crypto-exchange API key does not work, and what to do about it.')
    .version(VERSION, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
      // Our own one-line error is printed by main(); silence commander's.
      outputError: () => {},
    })
    .configureHelp({
      // The main job first, then the tools it is made of.
      visibleCommands(this: Help, cmd: Command) {
        const order = ['diagnose', 'test-auth', 'check-ip', 'sign', 'explain', 'renew-hint', 'creds', 'encrypt', 'decrypt', 'fingerprint', 'emulator'];
        const rank = (c: Command) => (c.name() === 'help' ? 1000 : order.includes(c.name()) ? order.indexOf(c.name()) : order.length);
        return Help.prototype.visibleCommands.call(this, cmd).sort((a, b) => rank(a) - rank(b));
      },
    })
    .addHelpText(
      'after',
      `
Exchanges: ${allApis().flatMap((f) => (f.helpLine ? [f.helpLine] : [])).join(', ')}

Exit codes:
  0  all good
  1  a problem was found (the key, its permissions, the IP, the clock...)
  2  usage or input error
  3  could not tell (network down, exchange unavailable, timeout, rate limited)`,
    );

  outputOptions(
    exchangeOptions(program
      .command('sign')
      .description('build and sign a request exactly as a client should send it; --dry-run shows every step')
      .argument('<exchange>', EXCHANGE_ARG)
      .option('--dry-run', 'send nothing; print the inputs, string to sign, signature, request and a curl command')
      .option('--method <method>', 'HTTP method (MEXC); default GET, POST for Crypto.com')
      .option('--path <path>', 'MEXC path (/api/v3/account) or Crypto.com method (private/user-balance)')
      .option('--param <key=value>', 'a parameter, repeatable, order kept', collect)
      .option('--params <json>', 'Crypto.com params object as JSON')
      .option('--body <json>', 'MEXC futures POST body, signed byte for byte')
      .option('--sort', 'MEXC spot: sort parameters by key')
      .option('--timestamp <ms>', 'MEXC timestamp / Request-Time in ms (default now)')
      .option('--recv-window <ms>', 'MEXC recvWindow (spot default 5000, max 60000)')
      .option('--nonce <ms>', 'Crypto.com nonce in ms (default now)')
      .option('--id <n>', 'Crypto.com request id (default 1)')
      .option('--show-key', 'show the API key unmasked')),
  ).action(action(() => import('./commands/sign.js')));

  outputOptions(
    program
      .command('explain')
      .description('explain an error code, message or whole response: meaning, likely causes, fixes')
      .argument('<exchange>', EXCHANGE_ARG)
      .argument('<input...>', 'a code (700002), a message, a JSON response, or - to read one from standard input')
      .addOption(apiVersionOption())
      .option('--status <code>', 'the HTTP status the response came with'),
  ).action(action(() => import('./commands/explain.js')));

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
  ).action(action(() => import('./commands/emulator.js')));

  outputOptions(
    exchangeOptions(program
      .command('proxy')
      .description("a local pass-through to point your bot at: forwards every request unchanged, explains each answer, and names what your client got wrong when a signature or timestamp is refused")
      .argument('<exchange>', EXCHANGE_ARG)
      .option('--host <host>', 'address to listen on (loopback unless you mean it)', '127.0.0.1')
      .option('--port <n>', 'port (0: any free port)', '8788')
      .option('--count <n>', 'stop after this many requests and print the summary (default: Ctrl-C)')
      .addHelpText('after', '\nUnder --json, stdout is NDJSON: one JSON object per line (listening, then one per request, then summary).\nWebSocket upgrades are refused: connect streams to the exchange directly.')),
  ).action(action(() => import('./commands/proxy.js')));

  outputOptions(
    program
      .command('check-ip')
      .description('find the address the exchange sees (several echo services, IPv4 and IPv6) and check it against a whitelist')
      .option('--ip-service <url>', 'echo service to ask, repeatable; replaces the defaults', collect)
      .option('--timeout <ms>', 'per-service timeout', '5000')
      .option('--whitelist <ips>', 'IPs or CIDRs, comma-separated (or XCRED_IP_WHITELIST)')
      .option('--proxy <url>', 'go through this proxy (default: HTTPS_PROXY/HTTP_PROXY/NO_PROXY)'),
  ).action(action(() => import('./commands/check-ip.js')));

  outputOptions(
    exchangeOptions(program
      .command('diagnose')
      .description('find out why a key does not work: credentials, connectivity, clock, egress IP, signer, auth, permissions, key age')
      .argument('<exchange>', EXCHANGE_ARG)
      .option('--emulator [scenario]', 'run against the built-in emulator with its demo key (scenario default: ok)')
      .option('--ip-service <url>', 'IP echo service for the egress check, repeatable', collect)
      .option('--whitelist <ips>', "the key's IP whitelist (IPs/CIDRs, comma-separated; or XCRED_IP_WHITELIST)")
      .option('--no-trade-probe', 'skip the trade-permission probe')
      .option('--created <YYYY-MM-DD>', "the key's creation date, for the key-age check")
      .option('--ip-bound', 'the key has IP addresses bound (MEXC: then it does not expire after 90 days)')),
  true,
  ).action(action(() => import('./commands/diagnose.js')));

  outputOptions(
    exchangeOptions(program
      .command('test-auth')
      .description('one authenticated read call (and with --trade a probe that can never trade), explained')
      .argument('<exchange>', EXCHANGE_ARG)
      .option('--trade', 'also probe the trade permission (MEXC order/test; Crypto.com cancel of an order that cannot exist)')
      .option('--emulator [scenario]', 'run against the built-in emulator with its demo key')),
  ).action(action(() => import('./commands/test-auth.js')));

  outputOptions(
    program
      .command('fingerprint')
      .description('print a short SHA-256 fingerprint of a secret read from standard input (or --env VAR), to compare copies without showing them')
      .option('--env <name>', 'read the value from this environment variable instead of standard input'),
  ).action(action(() => import('./commands/fingerprint.js')));

  const creds = program
    .command('creds')
    .description('store credentials in the OS keychain or an encrypted vault; list, show, remove; lint them');
  const sub = (name: string) => action(async () => {
    const mod = await import('./commands/creds.js');
    return { run: (args: string[], opts: Record<string, unknown>) => mod.run(args, { ...opts, subcommand: name } as never) };
  });
  outputOptions(
    creds
      .command('add')
      .description('store a key and secret, read from a hidden prompt or standard input (key line, secret line), never argv')
      .argument('<exchange>', orList(credentialGroups().map((g) => {
        const sharing = exchangeNames().filter((n) => allApis().some((f) => f.exchange === n && f.credentialGroup === g.credentialGroup));
        return sharing.length > 1 ? `${g.exchange} (${orList(sharing).replace(/ or /, ' and ')} share the key)` : g.exchange;
      })))
      .option('--profile <name>', 'profile name, for several keys per exchange', 'default')
      .option('--created <YYYY-MM-DD>', 'when the key was created on the exchange (default: today)')
      .option('--ip-bound', 'the key has IP addresses bound')
      .option('--store <where>', 'keychain or vault (default: the keychain if it works, else the vault)')
      .option('--passphrase-stdin', 'the first line of standard input is the vault passphrase'),
  ).action(sub('add'));
  outputOptions(creds.command('list').description('stored credentials, masked, with store and age')).action(sub('list'));
  outputOptions(
    creds.command('show').description('one stored credential: masked key, secret fingerprint, dates').argument('<exchange>').option('--profile <name>', 'profile name', 'default'),
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
    creds
      .command('lint')
      .description('check credentials and .env files for the mistakes that break signatures, with positions and fixes')
      .argument('[exchange]', `${EXCHANGE_ARG} (default: every exchange with credentials)`)
      .option('--env-file <path>', 'a .env file to use and lint, repeatable', collect)
      .option('--profile <name>', 'stored profile to lint', 'default'),
  ).action(sub('lint'));

  const cryptOptions = (cmd: Command) =>
    cmd
      .option('--in <file>', 'read from this file (a value, or a whole .env); default: standard input')
      .option('--out <file>', 'write to this file (mode 0600, atomically); default: stdout')
      .option('--key-env <var>', 'use the 32-byte base64 master key in this environment variable (e.g. ENCRYPTION_MASTER_KEY)')
      .option('--passphrase-env <var>', 'use the passphrase in this environment variable')
      .option('--passphrase-stdin', 'read the passphrase from standard input (with --in)')
      .option('--force', 'replace an existing --out file');
  outputOptions(
    cryptOptions(program.command('encrypt').description('encrypt a value or a .env file (AES-256-GCM; scrypt passphrase or master key)')).option(
      '--generate-key',
      'print a new random 32-byte base64 master key',
    ),
  ).action(action(async () => ({ run: (await import('./commands/encrypt.js')).runEncrypt })));
  outputOptions(cryptOptions(program.command('decrypt').description('decrypt; tells a wrong key from a corrupted file from another format'))).action(
    action(async () => ({ run: (await import('./commands/encrypt.js')).runDecrypt })),
  );

  outputOptions(
    program
      .command('renew-hint')
      .description('when a key expires, whether the renewal window is open, and what to do; MEXC browser tokens too')
      .argument('<exchange>', EXCHANGE_ARG)
      .option('--profile <name>', 'use the creation date recorded by xcred creds add', 'default')
      .option('--created <YYYY-MM-DD>', "the key's creation date")
      .option('--ip-bound', 'the key has IP addresses bound (MEXC: then it does not expire after 90 days)')
      .option('--rotate-days <n>', 'rotation reminder for keys that do not expire by rule')
      .option('--ics <file>', 'write an iCalendar event with an alarm at the opening of the renewal window')
      .option('--web-token', 'inspect a MEXC browser token (WEB...) read from standard input or MEXC_WEB_TOKEN, never argv'),
  ).action(action(() => import('./commands/renew-hint.js')));

  return program;
}

function wantsJson(argv: readonly string[]): boolean {
  return argv.includes('--json');
}

async function reportError(err: unknown, argv: readonly string[]): Promise<ExitCodeValue> {
  let code: ExitCodeValue;
  let kind: string;
  let message: string;
  if (err instanceof XcredError) {
    code = err.exitCode;
    kind = err.kind;
    message = err.message;
  } else if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      return ExitCode.ok;
    }
    code = ExitCode.usage;
    kind = 'usage';
    message = err.message.replace(/^error: /, '');
    const sub = argv.find((a) => !a.startsWith('-'));
    message += sub ? ` (see: xcred ${sub} --help)` : ' (see: xcred --help)';
  } else {
    // A bug: one line, no stack unless asked for.
    code = ExitCode.indeterminate;
    kind = 'internal';
    message = `internal error: ${(err as Error)?.message ?? String(err)} (please report it; set XCRED_DEBUG=1 for a stack trace)`;
    if (process.env.XCRED_DEBUG) await writeErr(String((err as Error)?.stack) + '\n');
  }
  const line = message.split('\n')[0];
  await writeErr(`xcred: ${line}\n`);
  if (wantsJson(argv)) {
    await writeOut(JSON.stringify({ schemaVersion: 1, ok: false, exitCode: code, error: { kind, message: line } }, null, 2) + '\n');
  }
  return code;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  // `xcred ... | head`: the reader went away. Stop quietly, as Unix tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(exitCode);
      throw err;
    });
  }
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (err) {
    exitCode = await reportError(err, argv);
  }
  process.exit(exitCode);
}

void main();
