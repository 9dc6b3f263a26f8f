// Types for scripts/readme-examples.mjs (plain JavaScript, so `npm run docs` needs no build step).

export interface Block {
  lang: string;
  /** 1-based line numbers of the opening and closing fences. */
  start: number;
  end: number;
  text: string;
}

export interface Example extends Block {
  attrs: Record<string, string | true>;
  output: Block | null;
}

export interface ParsedReadme {
  lines: string[];
  examples: Example[];
  files: Record<string, string>;
  /** Command or text blocks outside the markup: each is a mistake. */
  orphans: Block[];
}

export interface SandboxEmulator {
  urls: Record<string, string>;
  env: Record<string, string>;
  stop(): Promise<void>;
}

export interface ExampleRun {
  commands: string[];
  statuses: number[];
  transcript: string;
}

export const ROOT: string;
export const README: string;
export const MASKS: Array<[RegExp, string]>;
export const NOW_MASKS: Array<[RegExp, string]>;
export function parseReadme(text: string): ParsedReadme;
export function shellCommands(code: string): string[];
export function expectedStatuses(attrs: Example['attrs'], count: number): number[];
export function mask(text: string, attrs?: Example['attrs']): string;
export function startSandboxEmulator(): Promise<SandboxEmulator>;
export function runExample(example: Example, files: Record<string, string>, emulator: SandboxEmulator): Promise<ExampleRun>;
export function withOutputs(parsed: ParsedReadme, outputs: Array<string | undefined>): string;
export function runAll(examples: Example[], files: Record<string, string>, emulator: SandboxEmulator, concurrency?: number): Promise<ExampleRun[]>;
export function runnable(example: Example): boolean;
export function hasOutput(example: Example): boolean;
export function xcredInvocations(code: string): string[][];
