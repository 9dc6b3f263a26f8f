// The registered exchange APIs, loaded synchronously for tests that look at one by id.
import { api as cryptocomV1 } from '../src/exchanges/cryptocom-v1/index.js';
import { api as cryptocomV2 } from '../src/exchanges/cryptocom-v2/index.js';
import { api as mexcFutures } from '../src/exchanges/mexc-futures/index.js';
import { api as mexcSpot } from '../src/exchanges/mexc-spot/index.js';
import type { ExchangeApi } from '../src/exchanges/contract.js';

export const API: Record<'mexc-spot' | 'mexc-futures' | 'cryptocom-v1' | 'cryptocom-v2', ExchangeApi> = {
  'mexc-spot': mexcSpot,
  'mexc-futures': mexcFutures,
  'cryptocom-v1': cryptocomV1,
  'cryptocom-v2': cryptocomV2,
};

/** The emulator's demo keys, as the API folders declare them. */
export const DEMO_KEYS = { mexc: mexcSpot.emulator.demoKey, cryptocom: cryptocomV1.emulator.demoKey };
