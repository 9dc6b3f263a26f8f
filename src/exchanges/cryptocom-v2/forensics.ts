import { cryptocomForensics } from '../cryptocom-v1/forensics.js';

// Legacy v2 signs exactly as v1; only its nonce window differs (1 s ahead,
// 30 s behind, as quoted by third parties: shared/reference/cryptocom-api.md §5).
export const forensics = cryptocomForensics({
  maxAheadMs: 1000,
  maxBehindMs: 30_000,
  rule: 'Crypto.com v2 rejects a nonce more than 1 s ahead of its clock or 30 s behind it (10007 INVALID_NONCE; the window is quoted by third parties only)',
});
