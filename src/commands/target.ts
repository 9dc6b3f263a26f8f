import { UsageError } from '../errors.js';
import type { ResolvedCredentials } from '../core/credentials/resolve.js';
import { Secret } from '../core/secret.js';
import type { ApiFacts, ExchangeApi } from '../exchanges/contract.js';
import { loadApi } from '../exchanges/registry.js';
import { isScenario, SCENARIOS, type ScenarioName } from '../emulator/state.js';
import type { RunningEmulator } from '../emulator/server.js';
import { loadCommandCredentials, type CredentialOptions } from './context.js';

export interface TargetOptions extends CredentialOptions {
  emulator?: string | boolean;
}

export interface Target {
  api: ExchangeApi;
  title: string;
  baseUrl: string;
  /** Where the base URL came from ("default", "flag --base-url", a .env file, "emulator"). */
  baseUrlSource: string;
  /** Set when requests do not go to the exchange's own hosts. */
  baseUrlNotice: string | null;
  creds: ResolvedCredentials;
  /** Echo services of the emulator, when running against it. */
  ipServices: string[] | null;
  emulator: RunningEmulator | null;
  scenario: ScenarioName | null;
  dotenvFiles: Array<{ path: string; text?: string }>;
}

/** Where to send the checks and with which credentials: the real exchange, or the built-in emulator with its demo key. */
export async function resolveTarget(facts: ApiFacts, opts: TargetOptions): Promise<Target> {
  const api = await loadApi(facts);
  const title = facts.title;
  if (opts.emulator !== undefined && opts.emulator !== false) {
    const scenario = opts.emulator === true ? 'ok' : opts.emulator;
    if (!isScenario(scenario)) throw new UsageError(`unknown emulator scenario "${scenario}": use one of ${SCENARIOS.join(', ')}`);
    if (opts.baseUrl || opts.apiKey || opts.secretStdin) throw new UsageError('--emulator uses its own base URL and demo key: drop --base-url/--api-key/--secret-stdin');
    const { startEmulator } = await import('../emulator/server.js');
    const emulator = await startEmulator({ scenario });
    const demo = api.emulator.demoKey;
    const demoName = facts.credentialGroup;
    return {
      api,
      title,
      baseUrl: emulator.urls.apis[facts.id]!,
      baseUrlSource: 'emulator',
      baseUrlNotice: null,
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
  const creds = await loadCommandCredentials(facts, opts);
  return { api, title, baseUrl: creds.baseUrl, baseUrlSource: creds.baseUrlSource, baseUrlNotice: creds.baseUrlNotice, creds, ipServices: null, emulator: null, scenario: null, dotenvFiles: creds.dotenvFiles };
}
