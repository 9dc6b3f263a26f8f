import type { ApiId } from '../exchanges/types.js';
import { CRYPTOCOM_V1_KB } from './data/cryptocom-v1.js';
import { CRYPTOCOM_V2_KB } from './data/cryptocom-v2.js';
import { MEXC_FUTURES_KB } from './data/mexc-futures.js';
import { MEXC_SPOT_KB } from './data/mexc-spot.js';
import type { KbEntry } from './schema.js';

export const KNOWLEDGE_BASE: Record<ApiId, readonly KbEntry[]> = {
  'mexc-spot': MEXC_SPOT_KB,
  'mexc-futures': MEXC_FUTURES_KB,
  'cryptocom-v1': CRYPTOCOM_V1_KB,
  'cryptocom-v2': CRYPTOCOM_V2_KB,
};
