import { UsageError } from '../errors.js';
import type { ResolvedCredentials } from '../core/credentials/resolve.js';
import { probesFor, type ExchangeProbes } from '../core/exchanges/probes.js';
import type { ExchangeInfo } from '../core/exchanges/types.js';
import { Secret } from '../core/secret.js';
import { DEMO_KEYS } from '../emulator/demo-keys.js';
import { isScenario, SCENARIOS, type ScenarioName } from '../emulator/state.js';
import type { RunningEmulator } from '../emulator/server.js';
import { loadCommandCredentials, type CredentialOptions } from './context.js';

export interface TargetOptions extends CredentialOptions {
  emulator?: string | boolean;
}

export interface Target {
  probes: ExchangeProbes;
  title: string;
  baseUrl: string;
  creds: ResolvedCredentials;
  /** Echo services of the emulator, when running against it. */
  ipServices: string[] | null;
  emulator: RunningEmulator | null;
  scenario: ScenarioName | null;
  dotenvFiles: Array<{ path: string; text?: string }>;
}

/** Where to send the checks and with which credentials: the real exchange, or the built-in emulator with its demo key. */
export async function resolveTarget(exchange: ExchangeInfo, opts: TargetOptions): Promise<Target> {
  const apiVersion = opts.apiVersion === 'v2' ? 'v2' : 'v1';
  const probes = probesFor(exchange.id, apiVersion);
  const title = exchange.title + (exchange.id === 'cryptocom' ? ` ${apiVersion}` : '');
  if (opts.emulator !== undefined && opts.emulator !== false) {
    const scenario = opts.emulator === true ? 'ok' : opts.emulator;
    if (!isScenario(scenario)) throw new UsageError(`unknown emulator scenario "${scenario}": use one of ${SCENARIOS.join(', ')}`);
    if (opts.baseUrl || opts.apiKey || opts.secretStdin) throw new UsageError('--emulator uses its own base URL and demo key: drop --base-url/--api-key/--secret-stdin');
    const { startEmulator } = await import('../emulator/server.js');
    const emulator = await startEmulator({ scenario });
    const demo = exchange.id === 'cryptocom' ? DEMO_KEYS.cryptocom : DEMO_KEYS.mexc;
    const demoName = exchange.id === 'cryptocom' ? 'cryptocom' : 'mexc';
    const baseUrl =
      exchange.id === 'cryptocom' ? (apiVersion === 'v2' ? emulator.urls.cryptocomV2 : emulator.urls.cryptocom) : exchange.id === 'mexc' ? emulator.urls.mexc : emulator.urls.mexcFutures;
    return {
      probes,
      title,
      baseUrl,
      creds: {
        apiKey: { value: demo.apiKey, source: { kind: 'demo', name: demoName } },
        secret: { value: new Secret(demo.secret), source: { kind: 'demo', name: demoName } },
        warnings: [],
      },
      ipServices: [emulator.urls.ipEcho],
      emulator,
      scenario,
      dotenvFiles: [],
    };
  }
  const creds = await loadCommandCredentials(exchange, opts);
  return { probes, title, baseUrl: creds.baseUrl, creds, ipServices: null, emulator: null, scenario: null, dotenvFiles: creds.dotenvFiles };
}
