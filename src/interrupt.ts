import type { CommandResult } from './commands/result.js';

// What a command has to show when it is interrupted (Ctrl-C). A long-running
// command registers a function that builds a partial result; src/cli.ts calls
// it on SIGINT, prints it, and exits 130.

type PartialResult = () => CommandResult;

let current: PartialResult | null = null;
let ownHandler = false;

/** The running command stops cleanly on SIGINT by itself (the emulator): src/cli.ts stays out of the way. */
export function handleInterruptsInCommand(): void {
  ownHandler = true;
}

export function commandHandlesInterrupts(): boolean {
  return ownHandler;
}

/** Register the partial result for an interruption; returns the function that unregisters it. */
export function onInterrupt(partial: PartialResult): () => void {
  current = partial;
  return () => {
    if (current === partial) current = null;
  };
}

export function interruptedResult(): CommandResult | null {
  return current ? current() : null;
}
