import type { SandboxEmulator } from './readme-examples.mjs';

export interface GoldenCase {
  name: string;
  args?: string[];
  sh?: string;
  input?: string;
  env?: Record<string, string>;
  files?: Record<string, string>;
  emulator?: boolean | 'urls-only';
  exact?: boolean;
  signsNow?: boolean;
}
export const GOLDEN_DIR: string;
export const CASES: GoldenCase[];
export function maskGolden(text: string, kase: GoldenCase): string;
export function runCase(kase: GoldenCase, emulator: SandboxEmulator): Promise<string>;
export function runCases(cases: GoldenCase[], emulator: SandboxEmulator, concurrency?: number): Promise<string[]>;
