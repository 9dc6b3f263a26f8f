import type { ApiAdvice } from '../contract.js';

// Crypto.com's words in the diagnose verdict: 40101 covers a wrong secret, a
// deleted key and (per user reports, undocumented) a missing permission.

export const advice: ApiAdvice = {
  signatureRejectedNote:
    '. Crypto.com uses the same 40101 for a deleted or disabled key and (per user reports) a missing permission: see the other hypotheses',
  tradeRefusedNote: ' (Crypto.com answers 40101 for this; undocumented, from user reports)',
  ipHypothesisNote: ' (some users see 40101 rather than 40103 for IP problems)',
  permissionHypothesis: 'Crypto.com also answers 40101 when the key lacks the permission for the method (user reports)',
  expiryHypothesis: null,
  clockNextStep: 'Then run the diagnosis again',
  permissionNextStep: 'Crypto.com keys default to "Can Read" only',
  keyGoneNextStep: 'Create a new key if it is gone',
};
