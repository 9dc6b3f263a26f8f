import { analyseSignature, analyseTimestamp, rememberAccepted, SignatureMemory, type Finding, type SentRequest } from '../core/forensics/index.js';
import { maskIdentifier, Secret } from '../core/secret.js';
import type { ExchangeApi } from '../exchanges/contract.js';
import type { EmulatorState } from './state.js';
import { findKey, type EmuRequest, type EmuResponse } from './types.js';

// Signature forensics in the emulator: when a route refuses a signature or a
// timestamp (EmuResponse.rejected), find what the client did wrong, with the
// secret the emulated exchange holds for the key. Accepted signatures are
// remembered so that a retry reusing one can be named. Runs after the answer
// is sent, and never throws into the server.

export interface Inspection {
  /** The key the request carried, masked; never a secret sent in its place. */
  apiKey: string | null;
  finding: Finding | null;
}

export type Inspector = (apiId: string, req: EmuRequest, res: EmuResponse) => Inspection;

export function createInspector(apis: readonly ExchangeApi[], state: EmulatorState): Inspector {
  const memory = new SignatureMemory(1000);
  const secrets = new Map<string, Secret>();
  const secretOf = (raw: string) => {
    let s = secrets.get(raw);
    if (!s) secrets.set(raw, (s = new Secret(raw)));
    return s;
  };
  const byId = new Map(apis.map((a) => [a.facts.id, a]));
  // Every secret the emulator knows, the demo ones included: none is ever shown, even masked, when a client sends one as its key.
  const knownSecrets = new Set(apis.flatMap((a) => [a.emulator.demoKey.secret, a.emulator.demoKey.otherSecret]));

  return (apiId, req, res) => {
    const api = byId.get(apiId);
    const f = api?.forensics;
    if (!api || !f) return { apiKey: null, finding: null };
    const sent: SentRequest = { method: req.method, path: req.path, rawQuery: req.rawQuery, headers: req.headers, body: req.body };
    try {
      const parts = f.extract(sent);
      const carried = parts?.apiKey ?? null;
      const isSecret = carried !== null && (knownSecrets.has(carried) || state.keys.some((k) => k.secret === carried));
      const apiKey = carried === null ? null : isSecret ? '(a secret, not shown)' : maskIdentifier(carried);
      if (res.verdict === 'ok') {
        rememberAccepted(f, sent, memory, req.now);
        return { apiKey, finding: null };
      }
      const group = api.facts.credentialGroup;
      const key = carried ? findKey(state, group, carried) : undefined;
      // Key and secret swapped: the exchange knows no such key, but it is the secret of one.
      if (carried && !key && isSecret) return { apiKey, finding: analyseSignature(f, { request: sent, secret: secretOf(carried), apiKey: null }) };
      if (res.rejected === 'timestamp') {
        const window = parts ? f.clockWindow(sent, parts) : null;
        const finding = window ? analyseTimestamp(parts!.time, { serverMs: req.now, source: 'its clock when the request arrived', resolutionMs: 1 }, window) : null;
        return { apiKey, finding };
      }
      if (res.rejected !== 'signature' || !key) return { apiKey, finding: null };
      return { apiKey, finding: analyseSignature(f, { request: sent, secret: secretOf(key.secret), apiKey: key.apiKey, memory }) };
    } catch {
      return { apiKey: null, finding: null };
    }
  };
}
