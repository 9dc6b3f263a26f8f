import { createHash, createHmac } from 'node:crypto';
import type { Secret } from '../secret.js';
import type { SignatureMemory } from './memory.js';
import type { ApiForensics, Finding, SentRequest, SignedParts } from './types.js';

// The search. Every candidate is a (key, string to sign, hash) the client may
// have used; a candidate "reproduces" the client's signature when its HMAC,
// written in hex, uppercase hex or base64, is exactly the signature sent.
// An HMAC-SHA256 match is proof, not a guess: two different inputs giving
// the same signature has a probability of 2^-256. So the finding names only
// what reproduces the signature, and says plainly when nothing does.
//
// Cost: one HMAC per candidate. Payload variants are tried with the secret as
// held, key variants with the correct string to sign: never the product.

export interface AnalyseInput {
  request: SentRequest;
  /** The secret xcred holds for the key the request carries. */
  secret: Secret;
  /** The key xcred holds together with that secret. */
  apiKey?: string | null;
  /** Signatures the exchange accepted recently (for reused signatures). */
  memory?: SignatureMemory | undefined;
}

type Algo = 'sha256' | 'sha512' | 'sha384' | 'sha1' | 'md5';

interface Candidate {
  id: string;
  sentence: string;
  payload: string;
  key: string | Buffer;
  algo?: Algo;
  /** A plain hash of the payload, no HMAC. */
  plainHash?: boolean;
}

type Encoding = 'hex' | 'HEX' | 'base64' | 'base64url';

const HEX_LENGTH: Record<Algo, number> = { sha256: 64, sha512: 128, sha384: 96, sha1: 40, md5: 32 };

function digestOf(c: Candidate): Buffer {
  const algo = c.algo ?? 'sha256';
  return c.plainHash ? createHash(algo).update(c.payload, 'utf8').digest() : createHmac(algo, c.key).update(c.payload, 'utf8').digest();
}

/** How the signature writes this digest, or null when it is not this digest. */
function encodingOf(digest: Buffer, sig: string): Encoding | null {
  if (sig.length === digest.length * 2) {
    const hex = digest.toString('hex');
    if (sig === hex) return 'hex';
    if (sig.toLowerCase() === hex) return 'HEX';
    return null;
  }
  if (sig === digest.toString('base64')) return 'base64';
  if (sig === digest.toString('base64url')) return 'base64url';
  return null;
}

/** What is wrong with the way the digest is written (null: nothing). */
function encodingMistake(enc: Encoding, hexCase: ApiForensics['hexCase']): { id: string; text: string } | null {
  switch (enc) {
    case 'hex':
      return null;
    case 'HEX':
      if (hexCase === 'any') return null;
      return {
        id: 'uppercase-hex',
        text:
          hexCase === 'lower-only'
            ? 'writes the signature in uppercase hex, and the exchange accepts lowercase hex only (use the digest as hexdigest()/digest("hex") give it)'
            : 'writes the signature in uppercase hex; the exchange documents lowercase hex and does not say it accepts uppercase (send it lowercase)',
      };
    case 'base64':
    case 'base64url':
      return { id: 'base64-digest', text: 'encodes the signature in base64; the exchange wants it in lowercase hex (hexdigest()/digest("hex"))' };
  }
}

/** What a digest can look like: hex of 16 to 64 bytes, or base64/base64url of them. */
const DIGEST_SHAPES = [/^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128})$/, /^[A-Za-z0-9+/_-]{22,88}={0,2}$/];

const looksHex = (s: string) => s.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(s);

/** Ways a client's copy of the secret (or its use of it) commonly goes wrong. */
function keyCandidates(secret: string, payload: string, heldKey: string | null, carriedKey: string | null): Candidate[] {
  const out: Candidate[] = [
    { id: 'secret-empty', payload, key: '', sentence: "Your client signs with an empty secret: the secret's variable is not set where the bot runs (systemd, Docker and cron do not read your shell profile or .env unless told to)." },
    { id: 'secret-trailing-newline', payload, key: secret + '\n', sentence: "Your client's copy of the secret ends with a newline (read from a file or a command's output): strip the line ending before signing." },
    { id: 'secret-trailing-crlf', payload, key: secret + '\r\n', sentence: "Your client's copy of the secret ends with a Windows line ending (\\r\\n): the file it comes from has CRLF line endings; convert it (dos2unix) or trim the value." },
    { id: 'secret-trailing-cr', payload, key: secret + '\r', sentence: "Your client's copy of the secret ends with a carriage return (\\r), from a file with Windows line endings: convert the file (dos2unix) or trim the value." },
    { id: 'secret-trailing-space', payload, key: secret + ' ', sentence: "Your client's copy of the secret ends with a space: trim it where the secret is stored." },
    { id: 'secret-leading-space', payload, key: ' ' + secret, sentence: "Your client's copy of the secret starts with a space (KEY= value): trim it where the secret is stored." },
    { id: 'secret-surrounding-space', payload, key: ' ' + secret + ' ', sentence: "Your client's copy of the secret has spaces around it: trim it where the secret is stored." },
    { id: 'secret-double-quotes', payload, key: `"${secret}"`, sentence: "Your client's copy of the secret still has its double quotes (\"...\"): the loader kept them; remove the quotes from the value, or use a loader that strips them." },
    { id: 'secret-single-quotes', payload, key: `'${secret}'`, sentence: "Your client's copy of the secret still has its single quotes ('...'): the loader kept them; remove the quotes from the value, or use a loader that strips them." },
    {
      id: 'hmac-arguments-swapped',
      payload: secret,
      key: payload,
      sentence: 'Your client passes the string to sign as the HMAC key and the secret as the message: swap the two arguments (HMAC(key = secret, message = string to sign)).',
    },
  ];
  if (looksHex(secret)) {
    out.push({
      id: 'secret-hex-decoded',
      payload,
      key: Buffer.from(secret, 'hex'),
      sentence: "Your client decodes the secret from hex into bytes before signing (bytes.fromhex, Buffer.from(secret, 'hex')): use the secret as text, exactly as shown.",
    });
  }
  const keys = [...new Set([carriedKey, heldKey].filter((k): k is string => k !== null && k !== '' && k !== secret))];
  for (const k of keys) {
    out.push({
      id: 'api-key-as-secret',
      payload,
      key: k,
      sentence: 'Your client signs with the API key instead of the secret: the two are swapped in the signing call or in its configuration.',
    });
  }
  return out;
}

/** Right string, right secret, wrong hash. Only the lengths the signature could have are tried. */
function hashCandidates(secret: string, payload: string, sigLength: number): Candidate[] {
  const out: Candidate[] = [];
  for (const algo of ['sha512', 'sha384', 'sha1', 'md5'] as const) {
    const bytes = HEX_LENGTH[algo] / 2;
    // hex, padded base64, unpadded base64url
    if (![bytes * 2, Math.ceil(bytes / 3) * 4, Math.ceil((bytes * 4) / 3)].includes(sigLength)) continue;
    out.push({ id: `hmac-${algo}`, payload, key: secret, algo, sentence: `Your client uses HMAC-${algo.toUpperCase()}; the exchange wants HMAC-SHA256.` });
  }
  if (sigLength === 64 || sigLength === 44 || sigLength === 43) {
    out.push({ id: 'plain-sha256', payload, key: '', plainHash: true, sentence: 'Your client hashes the string to sign with plain SHA-256, without the secret: use HMAC-SHA256 keyed with the secret.' });
    out.push({ id: 'plain-sha256-with-secret', payload: payload + secret, key: '', plainHash: true, sentence: 'Your client appends the secret to the string and hashes it with plain SHA-256: use HMAC-SHA256 keyed with the secret.' });
  }
  return out;
}

function when(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** Find the variant of the algorithm that reproduces the client's signature. */
export function analyseSignature(forensics: ApiForensics, input: AnalyseInput): Finding {
  const req = input.request;
  let parts: SignedParts | null;
  try {
    parts = forensics.extract(req);
  } catch {
    parts = null;
  }
  if (!parts || parts.signature === '') {
    return { kind: 'not-analysable', variant: 'unsigned', sentence: 'The request carries no signature (or xcred cannot read it): the client sent a private call unsigned or in the wrong place.' };
  }
  const secret = input.secret.reveal();
  const sig = parts.signature;

  // Key and secret swapped in the configuration: the secret travels as the key.
  if (parts.apiKey !== null && parts.apiKey === secret) {
    return {
      kind: 'mistake',
      variant: 'key-secret-swapped',
      sentence:
        "The request carries the secret where the API key belongs: key and secret are swapped in the bot's configuration. Swap them back, and create a new key: this secret has been sent in the clear as a key.",
      tried: 0,
    };
  }

  if (sig === secret) {
    return {
      kind: 'mistake',
      variant: 'secret-sent-as-signature',
      sentence: 'The request carries the secret itself where the signature belongs: send HMAC-SHA256(secret, string to sign) instead, and create a new key: this secret has been sent in the clear.',
      tried: 0,
    };
  }
  if (!DIGEST_SHAPES.some((re) => re.test(sig))) {
    return {
      kind: 'not-analysable',
      variant: 'not-a-digest',
      sentence: `The signature sent (${sig.length} characters) is not a hex or base64 HMAC digest: the client puts something else in the signature field (a placeholder, an empty or unset variable, the key).`,
      tried: 0,
    };
  }

  const correct = forensics.correct(req, parts);
  let tried = 0;
  for (const payload of correct) {
    tried++;
    const enc = encodingOf(digestOf({ id: 'correct', sentence: '', payload, key: secret }), sig);
    if (enc === null) continue;
    const wrong = encodingMistake(enc, forensics.hexCase);
    if (!wrong) {
      return {
        kind: 'correct',
        variant: 'correct',
        sentence:
          'The signature is right: xcred computes the same one from this request with the secret it holds for this key. If the exchange still refuses it, the exchange holds another secret for this key (a re-created key has a new one), or the refusal has another cause (key disabled, permission, IP).',
        tried,
      };
    }
    return { kind: 'mistake', variant: wrong.id, sentence: `Your client signs the right string with the right secret, but ${wrong.text}.`, tried };
  }

  const earlier = input.memory?.recall(sig);
  if (earlier) {
    return {
      kind: 'mistake',
      variant: 'reused-signature',
      sentence: `This signature belongs to an earlier request (${earlier.method} ${earlier.path}, accepted at ${when(earlier.at)}): your client reuses a signature on retry. Sign every attempt anew, after setting its new timestamp.`,
      tried,
    };
  }

  const seen = new Set(correct);
  const candidates: Candidate[] = [];
  for (const v of forensics.variants(req, parts)) {
    if (seen.has(v.payload)) continue; // indistinguishable from the right string, or a duplicate
    seen.add(v.payload);
    candidates.push({ ...v, key: secret });
  }
  const reference = correct[0] ?? '';
  candidates.push(...keyCandidates(secret, reference, input.apiKey ?? null, parts.apiKey));
  candidates.push(...hashCandidates(secret, reference, sig.length));

  const matches: Array<{ id: string; sentence: string }> = [];
  for (const c of candidates) {
    tried++;
    const enc = encodingOf(digestOf(c), sig);
    if (enc === null) continue;
    const wrong = encodingMistake(enc, forensics.hexCase);
    matches.push(wrong ? { id: `${c.id}+${wrong.id}`, sentence: `${c.sentence} It also ${wrong.text}.` } : { id: c.id, sentence: c.sentence });
  }
  if (matches.length > 0) {
    const [first, ...rest] = matches;
    return { kind: 'mistake', variant: first!.id, sentence: first!.sentence, ...(rest.length ? { alsoConsistentWith: rest.map((m) => m.id) } : {}), tried };
  }
  return {
    kind: 'no-match',
    variant: 'no-match',
    sentence: `No known mistake reproduces this signature with the secret xcred holds for this key (${tried} variants tried): the client most likely signs with another secret, so that secret does not belong to this key or was copied wrong. Compare the two copies with \`xcred fingerprint\`, or create a new key and copy both values at once.`,
    tried,
  };
}

/** How many candidates analyseSignature computes at most for this request (for the bound). */
export function countCandidates(forensics: ApiForensics, req: SentRequest): number {
  const parts = forensics.extract(req);
  if (!parts) return 0;
  const correct = forensics.correct(req, parts);
  const variants = new Set(forensics.variants(req, parts).map((v) => v.payload).filter((p) => !correct.includes(p))).size;
  return correct.length + variants + keyCandidates('00', correct[0] ?? '', 'k1', 'k2').length + hashCandidates('', '', parts.signature.length).length;
}
