import { cryptocomSigner } from '../cryptocom-v1/signer.js';

// Legacy v2 signs exactly as v1; its account read is private/get-account-summary.
export const signer = cryptocomSigner('private/get-account-summary');
