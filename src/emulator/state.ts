import { DEMO_CLIENT_IP, DEMO_OTHER_IP } from './demo-keys.js';

export interface EmulatedKey {
  /** The credential group the key belongs to (one key serves MEXC spot and futures). */
  group: string;
  apiKey: string;
  /** The secret the "exchange" holds for this key. */
  secret: string;
  permissions: { read: boolean; trade: boolean; withdraw: boolean };
  /** Empty: the key is not bound to any IP. */
  ipWhitelist: string[];
  /** ms since epoch, null: never expires. */
  expiresAt: number | null;
  enabled: boolean;
}

export interface EmulatorState {
  scenario: ScenarioName;
  keys: EmulatedKey[];
  /** Added to the real clock: negative means the server is behind the client. */
  clockOffsetMs: number;
  /** The client IP the emulator "sees" (everything really comes from 127.0.0.1). */
  clientIp: string;
  /** Requests allowed per window per client IP; null: unlimited. */
  rateLimit: { max: number; windowMs: number; retryAfterS: number } | null;
  outage: boolean;
  latencyMs: number;
  /** Per-API data of this emulator instance (open orders...): see apiStore(). */
  store: Map<string, unknown>;
}

export const SCENARIOS = [
  'ok',
  'wrong-secret',
  'ip-not-whitelisted',
  'clock-ahead',
  'clock-behind',
  'no-trade-permission',
  'no-read-permission',
  'invalid-key',
  'expired-key',
  'rate-limited',
  'outage',
  'slow',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export const SCENARIO_HELP: Record<ScenarioName, string> = {
  ok: 'demo keys work: read and trade, IP-bound to the client IP',
  'wrong-secret': 'the exchange holds a different secret than the published demo one',
  'ip-not-whitelisted': `the keys are bound to ${DEMO_OTHER_IP}; requests come from ${DEMO_CLIENT_IP}`,
  'clock-ahead': 'the client clock is 90 s ahead of the exchange',
  'clock-behind': 'the client clock is 90 s behind the exchange',
  'no-trade-permission': 'keys can read but not trade',
  'no-read-permission': 'keys can trade but not read',
  'invalid-key': 'the exchange does not know the demo keys',
  'expired-key': 'the keys expired yesterday',
  'rate-limited': 'every request is over the rate limit (429, with Retry-After where the exchange sends one)',
  outage: 'the exchange is down or under maintenance (what each exchange sends then, on every endpoint)',
  slow: 'every answer takes 2.5 s',
};

export function isScenario(name: string): name is ScenarioName {
  return (SCENARIOS as readonly string[]).includes(name);
}

/** A demo key per credential group: what the emulated exchange holds. */
export interface DemoKey {
  group: string;
  apiKey: string;
  secret: string;
  /** What the exchange holds instead in the wrong-secret scenario. */
  otherSecret: string;
}

function emulatedKeys(demo: readonly DemoKey[]): EmulatedKey[] {
  return demo.map((d) => ({
    group: d.group,
    apiKey: d.apiKey,
    secret: d.secret,
    permissions: { read: true, trade: true, withdraw: false },
    ipWhitelist: [DEMO_CLIENT_IP],
    expiresAt: null,
    enabled: true,
  }));
}

export function createState(scenario: ScenarioName, demo: readonly DemoKey[], now = Date.now()): EmulatorState {
  const state: EmulatorState = {
    scenario,
    keys: emulatedKeys(demo),
    clockOffsetMs: 0,
    clientIp: DEMO_CLIENT_IP,
    rateLimit: null,
    outage: false,
    latencyMs: 0,
    store: new Map(),
  };
  switch (scenario) {
    case 'ok':
      break;
    case 'wrong-secret':
      for (const k of state.keys) k.secret = demo.find((d) => d.group === k.group)!.otherSecret;
      break;
    case 'ip-not-whitelisted':
      for (const k of state.keys) k.ipWhitelist = [DEMO_OTHER_IP];
      break;
    case 'clock-ahead':
      state.clockOffsetMs = -90_000;
      break;
    case 'clock-behind':
      state.clockOffsetMs = 90_000;
      break;
    case 'no-trade-permission':
      for (const k of state.keys) k.permissions.trade = false;
      break;
    case 'no-read-permission':
      for (const k of state.keys) k.permissions.read = false;
      break;
    case 'invalid-key':
      state.keys = [];
      break;
    case 'expired-key':
      for (const k of state.keys) k.expiresAt = now - 86_400_000;
      break;
    case 'rate-limited':
      state.rateLimit = { max: 0, windowMs: 1000, retryAfterS: 2 };
      break;
    case 'outage':
      state.outage = true;
      break;
    case 'slow':
      state.latencyMs = 2500;
      break;
  }
  return state;
}
