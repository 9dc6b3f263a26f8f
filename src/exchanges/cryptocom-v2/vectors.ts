import type { KnownAnswerVector } from '../contract.js';
import { vectors as v1Vectors } from '../cryptocom-v1/vectors.js';

// Legacy v2 signs exactly as v1 (shared/reference/cryptocom-api.md §2: "same
// 5 steps; same JS snippet"): the same known answers, sent to the v2 base URL.

export const vectors: readonly KnownAnswerVector[] = v1Vectors.map((v) => ({ ...v, spec: { ...v.spec, baseUrl: 'https://api.crypto.com/v2' } }));
