import { CommanderError } from 'commander';
import { buildProgram, VersionRequested } from '../src/program.js';

class Parsed extends Error {}

/** null when commander accepts the arguments with xcred's real command tree, else its message. Runs no command. */
export async function parseError(args: string[]): Promise<string | null> {
  const program = buildProgram();
  program.hook('preAction', () => {
    throw new Parsed();
  });
  program.configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} });
  try {
    await program.parseAsync(args, { from: 'user' });
    return 'parsed without reaching a command';
  } catch (err) {
    if (err instanceof Parsed || err instanceof VersionRequested) return null;
    if (err instanceof CommanderError && err.code === 'commander.helpDisplayed') return null;
    return (err as Error).message;
  }
}
