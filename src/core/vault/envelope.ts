import { InputError } from '../../errors.js';
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

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

/** OWASP: scrypt N=2^17, r=8, p=1. */
export const DEFAULT_SCRYPT = { logN: 17, r: 8, p: 1 } as const;

/**
 * The scrypt cost for new files: OWASP strength unless XCRED_SCRYPT_LOGN
 * lowers it (meant for test suites; every file records its own cost).
 */
export function scryptParams(env: Record<string, string | undefined>): { logN: number; r: number; p: number } {
  const v = env.XCRED_SCRYPT_LOGN;
  if (v === undefined || v === '') return DEFAULT_SCRYPT;
  const logN = Number(v);
  if (!Number.isInteger(logN) || logN < 10 || logN > 20) throw new InputError(`XCRED_SCRYPT_LOGN must be a whole number from 10 to 20, got "${v}"`);
  return { ...DEFAULT_SCRYPT, logN };
}
/** Refuse files that would make us burn more than this (a crafted file must not hang or exhaust memory). */
export const SCRYPT_LIMITS = { minLogN: 10, maxLogN: 20, maxR: 16, maxP: 4 } as const;

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

export type KeyMaterial = { kind: 'passphrase'; passphrase: Buffer; scrypt?: { logN: number; r: number; p: number } } | { kind: 'master-key'; key: Buffer };

function scryptKeys(passphrase: Buffer, salt: Buffer, logN: number, r: number, p: number): Buffer {
  const N = 2 ** logN;
  // Node's default maxmem (32 MiB) is below OWASP strength: set it from the parameters.
  return scryptSync(passphrase, salt, 64, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
}

function deriveKeys(material: KeyMaterial, kdf: number, salt: Buffer, logN: number, r: number, p: number): { enc: Buffer; check: Buffer } {
  let out: Buffer;
  if (kdf === KDF_SCRYPT) {
    if (material.kind !== 'passphrase') throw new EnvelopeError('wrong-key', 'this file is encrypted with a passphrase, not a master key');
    out = scryptKeys(material.passphrase, salt, logN, r, p);
  } else {
    if (material.kind !== 'master-key') throw new EnvelopeError('wrong-key', 'this file is encrypted with a master key, not a passphrase');
    out = Buffer.from(hkdfSync('sha256', material.key, salt, 'xcred envelope v1', 64));
  }
  return { enc: out.subarray(0, 32), check: out.subarray(32, 64) };
}

function keyCheck(checkKey: Buffer): Buffer {
  return createHmac('sha256', checkKey).update(CHECK_LABEL).digest().subarray(0, 16);
}

function checkMasterKey(material: KeyMaterial): void {
  if (material.kind === 'master-key' && material.key.length !== 32) {
    throw new EnvelopeError('wrong-key', `a master key must be 32 bytes (got ${material.key.length})`);
  }
}

export function seal(plaintext: Buffer, material: KeyMaterial): Buffer {
  checkMasterKey(material);
  const kdf = material.kind === 'passphrase' ? KDF_SCRYPT : KDF_HKDF_MASTER_KEY;
  const params = material.kind === 'passphrase' ? (material.scrypt ?? DEFAULT_SCRYPT) : { logN: 0, r: 0, p: 0 };
  if (kdf === KDF_SCRYPT && (params.logN < SCRYPT_LIMITS.minLogN || params.logN > SCRYPT_LIMITS.maxLogN)) {
    throw new EnvelopeError('too-costly', `scrypt logN must be ${SCRYPT_LIMITS.minLogN}..${SCRYPT_LIMITS.maxLogN}`);
  }
  const salt = randomBytes(16);
  const nonce = randomBytes(12);
  const keys = deriveKeys(material, kdf, salt, params.logN, params.r, params.p);
  const header = Buffer.alloc(HEADER_LEN);
  MAGIC.copy(header, 0);
  header[4] = FORMAT_VERSION;
  header[5] = kdf;
  header[6] = params.logN;
  header[7] = params.r;
  header[8] = params.p;
  salt.copy(header, 9);
  nonce.copy(header, 25);
  keyCheck(keys.check).copy(header, 37);
  createHash('sha256').update(header.subarray(0, 53)).digest().copy(header, 53, 0, 8);
  const cipher = createCipheriv('aes-256-gcm', keys.enc, nonce, { authTagLength: TAG_LEN });
  cipher.setAAD(header);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  keys.enc.fill(0);
  keys.check.fill(0);
  return Buffer.concat([header, body, cipher.getAuthTag()]);
}

/** Parse and check the header without any key: structure, version, KDF limits. */
export function inspectEnvelope(data: Buffer): { version: number; kdf: number; logN: number; r: number; p: number } {
  if (data.length < 4 || !data.subarray(0, 4).equals(MAGIC)) {
    throw new EnvelopeError('not-xcred', data.length === 0 ? 'the file is empty' : 'not an xcred encrypted file (no XCRD header)');
  }
  if (data.length < 5) throw new EnvelopeError('corrupted', 'the file is truncated (header incomplete)');
  const version = data[4]!;
  if (version !== FORMAT_VERSION) {
    throw new EnvelopeError('unsupported-version', `written in format version ${version}, which this xcred cannot read (it reads version ${FORMAT_VERSION}): upgrade xcred`);
  }
  if (data.length < HEADER_LEN + TAG_LEN) throw new EnvelopeError('corrupted', 'the file is truncated (shorter than header and tag)');
  const sum = createHash('sha256').update(data.subarray(0, 53)).digest().subarray(0, 8);
  if (!timingSafeEqual(sum, data.subarray(53, 61))) throw new EnvelopeError('corrupted', 'the header is damaged (checksum mismatch)');
  const kdf = data[5]!;
  const [logN, r, p] = [data[6]!, data[7]!, data[8]!];
  if (kdf === KDF_SCRYPT) {
    if (logN < SCRYPT_LIMITS.minLogN || r < 1 || p < 1) throw new EnvelopeError('corrupted', `invalid scrypt parameters (logN ${logN}, r ${r}, p ${p})`);
    if (logN > SCRYPT_LIMITS.maxLogN || r > SCRYPT_LIMITS.maxR || p > SCRYPT_LIMITS.maxP) {
      throw new EnvelopeError('too-costly', `scrypt parameters above the safe limit (logN ${logN} > ${SCRYPT_LIMITS.maxLogN}, r ${r}, p ${p}): refusing to derive`);
    }
  } else if (kdf !== KDF_HKDF_MASTER_KEY) {
    throw new EnvelopeError('corrupted', `unknown key-derivation id ${kdf}`);
  }
  return { version, kdf, logN, r, p };
}

export function open(data: Buffer, material: KeyMaterial): Buffer {
  checkMasterKey(material);
  const { kdf, logN, r, p } = inspectEnvelope(data);
  const header = data.subarray(0, HEADER_LEN);
  const keys = deriveKeys(material, kdf, header.subarray(9, 25), logN, r, p);
  try {
    if (!timingSafeEqual(keyCheck(keys.check), header.subarray(37, 53))) {
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
    keys.enc.fill(0);
    keys.check.fill(0);
  }
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
