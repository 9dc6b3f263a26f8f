import type { ApiAdvice } from '../contract.js';

// MEXC's words in the diagnose verdict.

export const MEXC_ADVICE: ApiAdvice = {
  signatureRejectedNote: '',
  tradeRefusedNote: '',
  ipHypothesisNote: '',
  permissionHypothesis: null,
  expiryHypothesis: 'a MEXC key with no IP bound expires after 90 days; its creation date was not given (--created)',
  clockNextStep: 'Then run the diagnosis again',
  permissionNextStep: 'Some exchanges need a new key for new permissions',
  keyGoneNextStep: 'MEXC keys with no IP bound expire after 90 days: renew in the last 5 days, or create a new key and bind an IP',
};

export const advice: ApiAdvice = {
  ...MEXC_ADVICE,
  clockNextStep: 'Or take timestamps from MEXC server time (GET /api/v3/time); a larger recvWindow does not help a clock that runs ahead',
};
