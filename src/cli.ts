import { CommanderError, type Command } from 'commander';
import { credentialOptionTyped, CREDENTIAL_ON_ARGV_ADVICE, scrubTypedValues } from './core/argv-echo.js';
import { ExitCode, XcredError, type ExitCodeValue } from './errors.js';
import type { CommandResult, GlobalOptions } from './commands/result.js';
import { commandHandlesInterrupts, interruptedResult } from './interrupt.js';
import { buildProgram, CODE_OF, commandPathOf, fullName, VersionRequested, type CommandCode } from './program.js';
import { renderResult, setBrokenPipeHandler, writeErr, writeJson, writeOut, writeRendered } from './render/output.js';
import { VERSION } from './version.js';

// The only place that exits. Each bundle's entry (src/entries/) calls main()
// with the command code it carries.

let exitCode: ExitCodeValue = ExitCode.ok;

async function printResult(result: CommandResult, opts: GlobalOptions): Promise<void> {
  await writeRendered(await renderResult(result, opts));
  if (result.notice && !opts.json) await writeErr(`xcred: ${result.notice}\n`);
  exitCode = result.exitCode;
}

function wantsJson(argv: readonly string[]): boolean {
  return argv.includes('--json');
}

/** The long-running commands whose --json output is NDJSON. */
function streamsNdjson(argv: readonly string[]): boolean {
  const command = argv.find((a) => !a.startsWith('-'));
  return command === 'emulator' || command === 'proxy';
}

/** Commander's message on one line: its "(Did you mean ...?)" comes on a second line. */
function oneLine(message: string): string {
  return message
    .replace(/^error: /, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
}

async function reportError(err: unknown, argv: readonly string[], fullProgram: () => Command): Promise<ExitCodeValue> {
  let code: ExitCodeValue;
  let kind: string;
  let message: string;
  if (err instanceof XcredError) {
    code = err.exitCode;
    kind = err.kind;
    message = err.message;
    // An error may quote a typed argument (`unknown exchange "…"`, `--dotenv …: no such file`): one that may be a secret is not printed again.
    const typed = scrubTypedValues(message, argv);
    message = typed.credentialTyped ? `${typed.message}; ${CREDENTIAL_ON_ARGV_ADVICE}` : typed.message;
  } else if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return ExitCode.ok;
    // Help shown because a command is missing (`xcred`, `xcred creds`) went to stderr: a usage error.
    // `xcred help creds nope` is about `xcred creds`, not about the help command.
    const words = argv.filter((a) => !a.startsWith('-'));
    const path = commandPathOf(fullProgram(), words[0] === 'help' ? words.slice(1) : argv);
    const where = path.length ? fullName(path[path.length - 1]!) : 'xcred';
    code = ExitCode.usage;
    kind = 'usage';
    // Commander quotes what was typed: a secret pasted there is not printed again.
    const typed = scrubTypedValues(oneLine(err.message), argv);
    message = err.code === 'commander.help' ? `missing command: see the list above, or ${where} --help` : `${typed.message} (see: ${where} --help)`;
    if (typed.credentialTyped || (err.code === 'commander.unknownOption' && credentialOptionTyped(argv))) message += `; ${CREDENTIAL_ON_ARGV_ADVICE}`;
    // `xcred creds --json`: the option is fine, the subcommand is what is missing.
    const last = path[path.length - 1];
    if (err.code === 'commander.unknownOption' && last && last.commands.length > 0 && !typed.credentialTyped) {
      message = `missing command: ${where} takes one of ${last.commands.map((c) => c.name()).join(', ')} (see: ${where} --help)`;
    }
  } else {
    // A bug: one line, no stack unless asked for.
    code = ExitCode.indeterminate;
    kind = 'internal';
    message = `internal error: ${(err as Error)?.message ?? String(err)} (please report it; set XCRED_DEBUG=1 for a stack trace)`;
    if (process.env.XCRED_DEBUG) await writeErr(String((err as Error)?.stack) + '\n');
  }
  const line = oneLine(message);
  await writeErr(`xcred: ${line}\n`);
  if (wantsJson(argv)) {
    const doc = { schemaVersion: 1, ok: false, exitCode: code, error: { kind, message: line } };
    // emulator and proxy write NDJSON: their error is one line too, so a line reader gets it whole.
    if (streamsNdjson(argv)) await writeRendered((await import('./render/forensics-lines.js')).ndjson(doc));
    else await writeJson(doc);
  }
  return code;
}

/** `--help --json` anywhere is `help <command...> --json`. */
function rewriteHelpJson(program: Command, argv: string[]): string[] {
  if (!wantsJson(argv) || !(argv.includes('--help') || argv.includes('-h'))) return argv;
  return ['help', ...commandPathOf(program, argv).map((c) => c.name()), '--json'];
}

/** Ctrl-C: the command's partial result if it has one (diagnose does), then exit 130. */
function onSigint(argv: readonly string[]): void {
  if (commandHandlesInterrupts()) return;
  const partial = interruptedResult();
  const done = (): never => process.exit(ExitCode.interrupted);
  if (partial) {
    const opts: GlobalOptions = { json: wantsJson(argv), verbose: argv.includes('--verbose') || argv.includes('-v'), ...(argv.includes('--no-color') ? { color: false } : {}) };
    void renderResult(partial, opts)
      .then(writeRendered)
      .then(() => writeErr('xcred: interrupted\n'))
      .finally(done);
    return;
  }
  const json = wantsJson(argv) ? writeJson({ schemaVersion: 1, ok: false, exitCode: ExitCode.interrupted, error: { kind: 'interrupted', message: 'interrupted' } }) : Promise.resolve();
  void json
    .then(() => writeErr('xcred: interrupted\n'))
    .finally(done);
}

/** The command argv names: its first word that is not an option (the program's own options take no value). */
export function commandName(argv: readonly string[]): string | undefined {
  return argv.find((a) => !a.startsWith('-'));
}

/**
 * The program to parse argv with: only the command being run, unless help is
 * asked for or there is no such command (then the full tree). See parse().
 */
function programFor(argv: readonly string[], code: CommandCode): { program: Command; partial: boolean } {
  const name = commandName(argv);
  const partial = name !== undefined && Object.hasOwn(CODE_OF, name) && !argv.includes('--help') && !argv.includes('-h');
  return { program: buildProgram(printResult, { code, ...(partial ? { only: name } : {}) }), partial };
}

/**
 * Parse and run. A tree with only the command being run holds back whatever
 * commander would print; if it refuses the arguments before the command
 * started, the full tree parses them again and prints its own help or error,
 * so help and errors are always the full program's.
 */
async function parse(argv: string[], code: CommandCode): Promise<Command> {
  const { program, partial } = programFor(argv, code);
  if (!partial) {
    await program.parseAsync(rewriteHelpJson(program, argv), { from: 'user' });
    return program;
  }
  let started = false;
  program.hook('preAction', () => {
    started = true;
  });
  const hold = (cmd: Command): void => {
    cmd.configureOutput({ writeOut: () => {}, writeErr: () => {} });
    cmd.commands.forEach(hold);
  };
  hold(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return program;
  } catch (err) {
    if (started || !(err instanceof CommanderError)) throw err;
    const full = buildProgram(printResult, { code });
    await full.parseAsync(rewriteHelpJson(full, argv), { from: 'user' });
    throw new Error('the full command tree accepted what the partial one refused');
  }
}

export async function main(code: CommandCode): Promise<void> {
  const argv = process.argv.slice(2);
  // `xcred ... | head`: the reader went away. Stop quietly, as Unix tools do.
  setBrokenPipeHandler(() => process.exit(exitCode));
  process.on('SIGINT', () => onSigint(argv));
  try {
    await parse(argv, code);
  } catch (err) {
    if (err instanceof VersionRequested) {
      await (wantsJson(argv) ? writeJson({ schemaVersion: 1, name: 'xcred', version: VERSION, node: process.version }) : writeOut(`${VERSION}\n`));
      exitCode = ExitCode.ok;
    } else {
      exitCode = await reportError(err, argv, () => buildProgram(printResult, { code }));
    }
  }
  process.exit(exitCode);
}
