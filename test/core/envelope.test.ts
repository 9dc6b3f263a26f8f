import { createHash, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EnvelopeError, inspectEnvelope, open, openAsync, parseMasterKey, scryptParams, seal, sealAsync, generateMasterKey, type KeyMaterial } from '../../src/core/vault/envelope.js';

const fast = (pw: string): KeyMaterial => ({ kind: 'passphrase', passphrase: Buffer.from(pw), scrypt: { logN: 10, r: 8, p: 1 } });
const kindOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof EnvelopeError ? err.kind : `other: ${(err as Error).message}`;
  }
  return 'no error';
};
/** Recompute the header checksum so a change reaches the later checks. */
const resum = (b: Buffer) => {
  createHash('sha256').update(b.subarray(0, 53)).digest().copy(b, 53, 0, 8);
  return b;
};

describe('scrypt known answers (RFC 7914 §12)', () => {
  it.each([
    ['', '', 16, 1, 1, '77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906'],
    ['password', 'NaCl', 1024, 8, 16, 'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640'],
    ['pleaseletmein', 'SodiumChloride', 16384, 8, 1, '7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887'],
  ])('scrypt(%j, %j, N=%i)', (pw, salt, N, r, p, hex) => {
    expect(scryptSync(pw, salt, 64, { N, r, p, maxmem: 256 * N * r + (1 << 20) }).toString('hex')).toBe(hex);
  });
});

describe('envelope', () => {
  const plain = Buffer.from('MEXC_SECRET_KEY=0351d73e5a444d5ea5de2d527bd2a07a\n');

  it('round-trips with a passphrase and with a master key', () => {
    expect(open(seal(plain, fast('correct horse')), fast('correct horse')).equals(plain)).toBe(true);
    const key = parseMasterKey(generateMasterKey(), 'k');
    expect(open(seal(plain, { kind: 'master-key', key }), { kind: 'master-key', key }).equals(plain)).toBe(true);
  });

  it('uses a fresh salt and nonce every time', () => {
    const a = seal(plain, fast('pw-pw-pw-pw'));
    const b = seal(plain, fast('pw-pw-pw-pw'));
    expect(a.subarray(9, 37).equals(b.subarray(9, 37))).toBe(false);
  });

  it('records OWASP scrypt parameters by default', () => {
    const sealed = seal(Buffer.from('x'), { kind: 'passphrase', passphrase: Buffer.from('pw-pw-pw-pw') });
    expect(inspectEnvelope(sealed)).toMatchObject({ version: 1, kdf: 1, logN: 17, r: 8, p: 1 });
  });

  const sealed = seal(plain, fast('correct horse'));
  const flip = (i: number) => {
    const b = Buffer.from(sealed);
    b[i < 0 ? b.length + i : i]! ^= 0x01;
    return b;
  };

  it('tells a wrong passphrase, a wrong kind of key, corruption and other formats apart', () => {
    expect(kindOf(() => open(sealed, fast('wrong horse')))).toBe('wrong-key');
    expect(kindOf(() => open(sealed, { kind: 'master-key', key: Buffer.alloc(32) }))).toBe('wrong-key');
    expect(kindOf(() => open(flip(100), fast('correct horse')))).toBe('corrupted'); // ciphertext byte
    expect(kindOf(() => open(flip(-1), fast('correct horse')))).toBe('corrupted'); // tag byte
    expect(kindOf(() => open(flip(12), fast('correct horse')))).toBe('corrupted'); // salt byte: header checksum
    expect(kindOf(() => open(resum(flip(12)), fast('correct horse')))).toBe('wrong-key'); // salt changed consistently
    expect(kindOf(() => open(resum(flip(30)), fast('correct horse')))).toBe('corrupted'); // nonce: GCM fails over the header
    expect(kindOf(() => open(sealed.subarray(0, sealed.length - 8), fast('correct horse')))).toBe('corrupted'); // truncated tag
    expect(kindOf(() => open(sealed.subarray(0, 40), fast('correct horse')))).toBe('corrupted');
    expect(kindOf(() => open(Buffer.alloc(0), fast('x')))).toBe('not-xcred');
    expect(kindOf(() => open(Buffer.from('MEXC_API_KEY=abc\n'), fast('x')))).toBe('not-xcred');
  });

  it('refuses an unknown version and excessive KDF cost before deriving anything', () => {
    const v2 = Buffer.from(sealed);
    v2[4] = 2;
    expect(kindOf(() => open(resum(v2), fast('correct horse')))).toBe('unsupported-version');
    const costly = Buffer.from(sealed);
    costly[6] = 30; // logN 30: 2^30 * 8 * 128 bytes
    const t0 = performance.now();
    expect(kindOf(() => open(resum(costly), fast('correct horse')))).toBe('too-costly');
    expect(performance.now() - t0).toBeLessThan(200);
  });

  it('bounds scrypt work (128*N*r*p) before deriving, and names the parameter that is over', () => {
    const craft = (logN: number, r: number, p: number) => {
      const b = Buffer.from(sealed);
      [b[6], b[7], b[8]] = [logN, r, p];
      return resum(b);
    };
    const message = (b: Buffer) => {
      try {
        open(b, fast('correct horse'));
      } catch (err) {
        return (err as Error).message;
      }
      return 'no error';
    };
    const t0 = performance.now();
    // Within 0.1.0's per-parameter limits, but 2 GiB of work: refused before any derivation.
    expect(kindOf(() => open(craft(20, 16, 4), fast('correct horse')))).toBe('too-costly');
    expect(message(craft(20, 16, 4))).toMatch(/128\*N\*r\*p = 8192 MiB > 256 MiB/);
    expect(message(craft(10, 17, 1))).toMatch(/r 17 > 16/);
    expect(message(craft(10, 17, 1))).not.toMatch(/logN 10 >/);
    expect(message(craft(10, 8, 5))).toMatch(/p 5 > 4/);
    expect(message(craft(19, 8, 1))).toMatch(/512 MiB > 256 MiB/);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(kindOf(() => open(craft(18, 8, 1), fast('correct horse')))).toBe('wrong-key'); // at the bound: derived, then the (unchanged) key check fails
  });

  it('reads a flipped version byte as damage, and a consistent newer header as a newer version', () => {
    for (const v of [0, 2, 3, 9, 0x81, 255]) {
      const b = Buffer.from(sealed);
      b[4] = v;
      expect(kindOf(() => open(b, fast('correct horse'))), `version byte ${v}`).toBe('corrupted');
      expect(kindOf(() => open(resum(Buffer.from(b)), fast('correct horse'))), `version ${v}, checksum recomputed`).toBe('unsupported-version');
    }
  });

  it('XCRED_SCRYPT_LOGN asks for 10..18 only (a file it writes must be readable here)', () => {
    expect(scryptParams({})).toMatchObject({ logN: 17, r: 8, p: 1, explicit: false });
    expect(scryptParams({ XCRED_SCRYPT_LOGN: '12' })).toMatchObject({ logN: 12, explicit: true });
    expect(() => scryptParams({ XCRED_SCRYPT_LOGN: '19' })).toThrow(/from 10 to 18/);
    expect(() => scryptParams({ XCRED_SCRYPT_LOGN: '9' })).toThrow(/from 10 to 18/);
  });

  it('derives off the event loop when asked (the lock heartbeat keeps beating), with the same format', async () => {
    const a = await sealAsync(plain, fast('correct horse'));
    expect(open(a, fast('correct horse')).equals(plain)).toBe(true);
    expect((await openAsync(sealed, fast('correct horse'))).equals(plain)).toBe(true);
    await expect(openAsync(sealed, fast('wrong horse'))).rejects.toMatchObject({ kind: 'wrong-key' });
  });

  it('rejects master keys that are not 32 bytes of base64', () => {
    expect(() => parseMasterKey('abc', 'ENCRYPTION_MASTER_KEY')).toThrow(/32-byte base64/);
    expect(parseMasterKey('89xDdfgitXKlU9IUV5dDKfvkYSKDczVpVurN3dSBjWE=', 'k')).toHaveLength(32);
  });
});
