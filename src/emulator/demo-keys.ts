// The emulator's demo credentials. They are public on purpose (README lists
// them) and only ever work against the emulator.

export const DEMO_CLIENT_IP = '203.0.113.10';
export const DEMO_OTHER_IP = '198.51.100.23';

export const DEMO_KEYS = {
  mexc: { apiKey: 'mx0vglXcredDemo001', secret: '7d1c2f3a4b5c6d7e8f9a0b1c2d3e4f50' },
  cryptocom: { apiKey: 'XcredDemoKey0000000001', secret: 'cxakp_XcredDemoSecret0000001' },
} as const;

/** The environment lines a user pastes to point xcred (or a bot) at the emulator. */
export function demoEnvLines(urls: { mexc: string; mexcFutures: string; cryptocom: string }): string[] {
  return [
    `MEXC_BASE_URL=${urls.mexc}`,
    `MEXC_FUTURES_BASE_URL=${urls.mexcFutures}`,
    `MEXC_API_KEY=${DEMO_KEYS.mexc.apiKey}`,
    `MEXC_SECRET_KEY=${DEMO_KEYS.mexc.secret}`,
    `CRYPTOCOM_BASE_URL=${urls.cryptocom}`,
    `CRYPTOCOM_API_KEY=${DEMO_KEYS.cryptocom.apiKey}`,
    `CRYPTOCOM_API_SECRET=${DEMO_KEYS.cryptocom.secret}`,
  ];
}
