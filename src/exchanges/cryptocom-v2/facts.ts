import type { ApiFacts } from '../contract.js';
import { CRYPTOCOM_COMMON } from '../cryptocom-v1/facts.js';

// The legacy v2 spot API (shared/reference/cryptocom-api.md §2): same keys
// and signing as v1, its own base URL, codes and nonce window.

export const facts = {
  ...CRYPTOCOM_COMMON,
  id: 'cryptocom-v2',
  apiVersion: 'v2',
  isDefaultVersion: false,
  title: 'Crypto.com Exchange v2',
  defaultBaseUrl: 'https://api.crypto.com/v2',
} satisfies ApiFacts;
