import { InputError } from '../../errors.js';
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

// xcred's encrypted envelope, used by the vault and by `xcred encrypt`.
//
//   offset size  field
//   0      4     magic "XCRD"
//   4      1     format version (1)
//   5      1     KDF id: 1 = scrypt(passphrase), 2 = HKDF-SHA256(32-byte master key)
//   6      3     scrypt logN, r, p (zero for HKDF)
//   9      16    salt
//   25     12    AES-GCM nonce
//   37     16    key check: HMAC-SHA256(checkKey, "xcred key check v1"), first 16 bytes
//   53     8     header checksum: SHA-256(bytes 0..52), first 8 bytes
//   61     n     AES-256-GCM ciphertext, the whole 61-byte header as additional data
//   61+n   16    GCM tag
//
// The KDF yields 64 bytes: an encryption key and a separate check key. The
// key check tells "wrong passphrase" from "corrupted", which a single AEAD
// cannot; the header checksum tells a damaged header from a wrong key.

export const MAGIC = Buffer.from('XCRD', 'ascii');
export const FORMAT_VERSION = 1;
export const KDF_SCRYPT = 1;
export const KDF_HKDF_MASTER_KEY = 2;
const HEADER_LEN = 61;
const TAG_LEN = 16;
const CHECK_LABEL = Buffer.from('xcred key check v1');

/** OWASP: scrypt N=2^17, r=8, p=1 (128 MiB, about 0.6 s here). */
export const DEFAULT_SCRYPT = { logN: 17, r: 8, p: 1 } as const;

export interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}

/**
 * What a reader accepts, checked before any key is derived, so a crafted
 * header cannot make xcred burn gigabytes or minutes (while holding the vault
 * lock, too). scrypt needs 128*N*r bytes and runs p times: 128*N*r*p is
 * bounded at twice the default (256 MiB, about a second and a half here).
 */
export const SCRYPT_LIMITS = { minLogN: 10, maxLogN: 20, maxR: 16, maxP: 4, maxWork: 256 * 1024 * 1024 } as const;

/** 128*N*r*p: scrypt's memory times its passes, in bytes. */
export function scryptWork(params: ScryptParams): number {
  return 128 * 2 ** params.logN * params.r * params.p;
}

/** Why these parameters are refused, or null when they are within the limits. */
export function scryptRefusal(params: ScryptParams): string | null {
  const { logN, r, p } = params;
  const over: string[] = [];
  if (logN > SCRYPT_LIMITS.maxLogN) over.push(`logN ${logN} > ${SCRYPT_LIMITS.maxLogN}`);
  if (r > SCRYPT_LIMITS.maxR) over.push(`r ${r} > ${SCRYPT_LIMITS.maxR}`);
  if (p > SCRYPT_LIMITS.maxP) over.push(`p ${p} > ${SCRYPT_LIMITS.maxP}`);
  if (over.length === 0 && scryptWork(params) > SCRYPT_LIMITS.maxWork) {
    over.push(`128*N*r*p = ${scryptWork(params) / 2 ** 20} MiB > ${SCRYPT_LIMITS.maxWork / 2 ** 20} MiB`);
  }
  return over.length ? over.join(', ') : null;
}

/** `N=2^17, r=8, p=1`. */
export function describeScrypt(params: ScryptParams): string {
  return `N=2^${params.logN}, r=${params.r}, p=${params.p}`;
}

/**
 * The scrypt cost asked for: OWASP strength unless XCRED_SCRYPT_LOGN sets
 * logN (meant for test suites; every file records its own cost). explicit
 * tells whether the environment asked.
 */
export function scryptParams(env: Record<string, string | undefined>): ScryptParams & { explicit: boolean } {
  const v = env.XCRED_SCRYPT_LOGN;
  if (v === undefined || v === '') return { ...DEFAULT_SCRYPT, explicit: false };
  const logN = Number(v);
  const max = Math.log2(SCRYPT_LIMITS.maxWork / (128 * DEFAULT_SCRYPT.r * DEFAULT_SCRYPT.p));
  if (!Number.isInteger(logN) || logN < SCRYPT_LIMITS.minLogN || logN > max) {
    throw new InputError(`XCRED_SCRYPT_LOGN must be a whole number from ${SCRYPT_LIMITS.minLogN} to ${max}, got "${v}"`);
  }
  return { ...DEFAULT_SCRYPT, logN, explicit: true };
}

export type EnvelopeErrorKind = 'not-xcred' | 'unsupported-version' | 'corrupted' | 'wrong-key' | 'too-costly';

export class EnvelopeError extends Error {
  constructor(
    readonly kind: EnvelopeErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

export type KeyMaterial = { kind: 'passphrase'; passphrase: Buffer; scrypt?: ScryptParams } | { kind: 'master-key'; key: Buffer };

interface DerivedKeys {
  enc: Buffer;
  check: Buffer;
}

/** What deriving needs, decided before any work is done. */
type Derivation = { kdf: typeof KDF_SCRYPT; passphrase: Buffer; salt: Buffer; params: ScryptParams } | { kdf: typeof KDF_HKDF_MASTER_KEY; key: Buffer; salt: Buffer };

function derivation(material: KeyMaterial, kdf: number, salt: Buffer, params: ScryptParams): Derivation {
  if (kdf === KDF_SCRYPT) {
    if (material.kind !== 'passphrase') throw new EnvelopeError('wrong-key', 'this file is encrypted with a passphrase, not a master key');
    const refusal = scryptRefusal(params);
    if (refusal) throw new EnvelopeError('too-costly', `scrypt parameters above the safe limit (${refusal}): refusing to derive`);
    return { kdf, passphrase: material.passphrase, salt, params };
  }
  if (material.kind !== 'master-key') throw new EnvelopeError('wrong-key', 'this file is encrypted with a master key, not a passphrase');
  return { kdf: KDF_HKDF_MASTER_KEY, key: material.key, salt };
}

function scryptOptions(params: ScryptParams) {
  const N = 2 ** params.logN;
  // Node's default maxmem (32 MiB) is below OWASP strength: set it from the (already bounded) parameters.
  return { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 };
}

const split = (out: Buffer): DerivedKeys => ({ enc: out.subarray(0, 32), check: out.subarray(32, 64) });

function deriveSync(d: Derivation): DerivedKeys {
  if (d.kdf === KDF_SCRYPT) return split(scryptSync(d.passphrase, d.salt, 64, scryptOptions(d.params)));
  return split(Buffer.from(hkdfSync('sha256', d.key, d.salt, 'xcred envelope v1', 64)));
}

/** The same on libuv's thread pool: the event loop stays free (the vault lock's heartbeat keeps beating). */
function deriveAsync(d: Derivation): Promise<DerivedKeys> {
  if (d.kdf !== KDF_SCRYPT) return Promise.resolve(deriveSync(d));
  return new Promise((resolve, reject) => scrypt(d.passphrase, d.salt, 64, scryptOptions(d.params), (err, out) => (err ? reject(err) : resolve(split(out)))));
}

function keyCheck(checkKey: Buffer): Buffer {
  return createHmac('sha256', checkKey).update(CHECK_LABEL).digest().subarray(0, 16);
}

function checkMasterKey(material: KeyMaterial): void {
  if (material.kind === 'master-key' && material.key.length !== 32) {
    throw new EnvelopeError('wrong-key', `a master key must be 32 bytes (got ${material.key.length})`);
  }
}

function wipe(keys: DerivedKeys): void {
  keys.enc.fill(0);
  keys.check.fill(0);
}

function prepareSeal(material: KeyMaterial): { header: Buffer; derivation: Derivation } {
  checkMasterKey(material);
  const kdf = material.kind === 'passphrase' ? KDF_SCRYPT : KDF_HKDF_MASTER_KEY;
  const params = material.kind === 'passphrase' ? (material.scrypt ?? DEFAULT_SCRYPT) : { logN: 0, r: 0, p: 0 };
  if (kdf === KDF_SCRYPT && params.logN < SCRYPT_LIMITS.minLogN) {
    throw new EnvelopeError('too-costly', `scrypt logN must be at least ${SCRYPT_LIMITS.minLogN}`);
  }
  const salt = randomBytes(16);
  const header = Buffer.alloc(HEADER_LEN);
  MAGIC.copy(header, 0);
  header[4] = FORMAT_VERSION;
  header[5] = kdf;
  header[6] = params.logN;
  header[7] = params.r;
  header[8] = params.p;
  salt.copy(header, 9);
  randomBytes(12).copy(header, 25);
  return { header, derivation: derivation(material, kdf, salt, params) };
}

function finishSeal(plaintext: Buffer, header: Buffer, keys: DerivedKeys): Buffer {
  try {
    keyCheck(keys.check).copy(header, 37);
    createHash('sha256').update(header.subarray(0, 53)).digest().copy(header, 53, 0, 8);
    const cipher = createCipheriv('aes-256-gcm', keys.enc, header.subarray(25, 37), { authTagLength: TAG_LEN });
    cipher.setAAD(header);
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([header, body, cipher.getAuthTag()]);
  } finally {
    wipe(keys);
  }
}

export function seal(plaintext: Buffer, material: KeyMaterial): Buffer {
  const { header, derivation: d } = prepareSeal(material);
  return finishSeal(plaintext, header, deriveSync(d));
}

export async function sealAsync(plaintext: Buffer, material: KeyMaterial): Promise<Buffer> {
  const { header, derivation: d } = prepareSeal(material);
  return finishSeal(plaintext, header, await deriveAsync(d));
}

const headerSum = (header: Buffer) => createHash('sha256').update(header.subarray(0, 53)).digest().subarray(0, 8);

/**
 * Parse and check the header without any key: structure, version, KDF limits.
 *
 * What the header checksum can and cannot tell (it is not keyed: anyone who
 * edits the header can recompute it):
 *  - damage to any header byte without a recomputed checksum: "corrupted";
 *  - the version byte of a version-1 file changed: "corrupted" (the rest of the
 *    header still checks out as version 1), not "upgrade xcred";
 *  - the nonce changed, checksum recomputed: "corrupted" (GCM covers the header);
 *  - the salt, the scrypt cost, the KDF id or the key check changed, checksum
 *    recomputed: cannot be told from a wrong passphrase or key, because the key
 *    is derived from exactly those bytes. Reported as "wrong passphrase (or an
 *    altered header)"; such a file never decrypts.
 */
export function inspectEnvelope(data: Buffer): { version: number; kdf: number; logN: number; r: number; p: number } {
  if (data.length < 4 || !data.subarray(0, 4).equals(MAGIC)) {
    throw new EnvelopeError('not-xcred', data.length === 0 ? 'the file is empty' : 'not an xcred encrypted file (no XCRD header)');
  }
  if (data.length < 5) throw new EnvelopeError('corrupted', 'the file is truncated (header incomplete)');
  const version = data[4]!;
  if (version !== FORMAT_VERSION) {
    if (data.length >= HEADER_LEN) {
      const asV1 = Buffer.from(data.subarray(0, HEADER_LEN));
      asV1[4] = FORMAT_VERSION;
      if (timingSafeEqual(headerSum(asV1), data.subarray(53, 61))) {
        throw new EnvelopeError('corrupted', `the header is damaged (the version byte reads ${version}, but the rest of the header is an intact version ${FORMAT_VERSION} header)`);
      }
    }
    throw new EnvelopeError('unsupported-version', `written in format version ${version}, which this xcred cannot read (it reads version ${FORMAT_VERSION}): upgrade xcred`);
  }
  if (data.length < HEADER_LEN + TAG_LEN) throw new EnvelopeError('corrupted', 'the file is truncated (shorter than header and tag)');
  if (!timingSafeEqual(headerSum(data), data.subarray(53, 61))) throw new EnvelopeError('corrupted', 'the header is damaged (checksum mismatch)');
  const kdf = data[5]!;
  const [logN, r, p] = [data[6]!, data[7]!, data[8]!];
  if (kdf === KDF_SCRYPT) {
    if (logN < SCRYPT_LIMITS.minLogN || r < 1 || p < 1) throw new EnvelopeError('corrupted', `invalid scrypt parameters (logN ${logN}, r ${r}, p ${p})`);
    const refusal = scryptRefusal({ logN, r, p });
    if (refusal) throw new EnvelopeError('too-costly', `scrypt parameters above the safe limit (${refusal}): refusing to derive`);
  } else if (kdf === KDF_HKDF_MASTER_KEY) {
    if (logN !== 0 || r !== 0 || p !== 0) throw new EnvelopeError('corrupted', 'the header is damaged (scrypt parameters on a master-key file)');
  } else {
    throw new EnvelopeError('corrupted', `unknown key-derivation id ${kdf}`);
  }
  return { version, kdf, logN, r, p };
}

function prepareOpen(data: Buffer, material: KeyMaterial): Derivation {
  checkMasterKey(material);
  const { kdf, logN, r, p } = inspectEnvelope(data);
  return derivation(material, kdf, data.subarray(9, 25), { logN, r, p });
}

function finishOpen(data: Buffer, material: KeyMaterial, keys: DerivedKeys): Buffer {
  const header = data.subarray(0, HEADER_LEN);
  try {
    if (!timingSafeEqual(keyCheck(keys.check), header.subarray(37, 53))) {
      // Or a header whose salt, cost or key check was edited and its checksum recomputed: the format cannot tell (see inspectEnvelope).
      throw new EnvelopeError('wrong-key', material.kind === 'passphrase' ? 'wrong passphrase' : 'wrong master key');
    }
    const decipher = createDecipheriv('aes-256-gcm', keys.enc, header.subarray(25, 37), { authTagLength: TAG_LEN });
    decipher.setAAD(header);
    decipher.setAuthTag(data.subarray(data.length - TAG_LEN));
    const body = decipher.update(data.subarray(HEADER_LEN, data.length - TAG_LEN));
    try {
      // Nothing is released before final() has checked the tag.
      return Buffer.concat([body, decipher.final()]);
    } catch {
      body.fill(0);
      throw new EnvelopeError('corrupted', 'the encrypted data was modified or damaged (authentication failed)');
    }
  } finally {
    wipe(keys);
  }
}

export function open(data: Buffer, material: KeyMaterial): Buffer {
  return finishOpen(data, material, deriveSync(prepareOpen(data, material)));
}

export async function openAsync(data: Buffer, material: KeyMaterial): Promise<Buffer> {
  return finishOpen(data, material, await deriveAsync(prepareOpen(data, material)));
}

/** A new random 32-byte master key, base64. */
export function generateMasterKey(): string {
  return randomBytes(32).toString('base64');
}

export function parseMasterKey(text: string, what: string): Buffer {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) {
    throw new EnvelopeError('wrong-key', `${what} is not a 32-byte base64 master key (44 characters ending in "="); make one with \`xcred encrypt --generate-key\``);
  }
  return Buffer.from(trimmed, 'base64');
}
