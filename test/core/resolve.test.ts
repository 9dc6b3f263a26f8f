import { describe, expect, it } from 'vitest';
import { resolveCredentialPair, type CredentialInputs, type StoredPair } from '../../src/core/credentials/resolve.js';
import { Secret } from '../../src/core/secret.js';
import { API } from '../apis.js';

// Key and secret resolve as a pair: from one place where possible, and a
// stored secret is never paired with a key other than the one stored with it
// (issue #12 item 4, issue #14 item 3).

const MEXC = API['mexc-spot'].facts;
const A = { key: 'mx0vglStoredKey001', secret: 'a'.repeat(32) };
const B = { key: 'mx0vglOtherKey0002', secret: 'b'.repeat(32) };

const stored = (key = A.key, secret = A.secret): StoredPair => ({
  apiKey: { value: key, source: { kind: 'vault', path: '/v', entry: 'mexc/default' } },
  secret: { value: new Secret(secret), source: { kind: 'vault', path: '/v', entry: 'mexc/default' } },
});
const inputs = (over: Partial<CredentialInputs> = {}): CredentialInputs => ({ env: {}, dotenvFiles: [], ...over });
const resolve = (i: CredentialInputs, s: StoredPair | null = null) => {
  let asked = 0;
  return resolveCredentialPair(MEXC, i, async () => {
    asked++;
    return s;
  }).then((r) => ({ ...r, asked, key: r.apiKey?.value ?? null, secret: r.secret?.value.reveal() ?? null }));
};

describe('credentials resolve as a pair', () => {
  it('takes both from the environment and never asks the store', async () => {
    const r = await resolve(inputs({ env: { MEXC_API_KEY: B.key, MEXC_SECRET_KEY: B.secret } }), stored());
    expect([r.key, r.secret, r.asked, r.pairing]).toEqual([B.key, B.secret, 0, null]);
  });

  it('takes the stored pair when nothing else is set', async () => {
    const r = await resolve(inputs(), stored());
    expect([r.key, r.secret, r.pairing]).toEqual([A.key, A.secret, null]);
  });

  it('never pairs a key from the environment with the secret stored for another key', async () => {
    const r = await resolve(inputs({ env: { MEXC_API_KEY: B.key } }), stored());
    expect(r.key).toBe(B.key);
    expect(r.secret).toBeNull();
    expect(r.pairing).toMatchObject({ severity: 'fail' });
    expect(r.pairing!.message).toContain('belongs to another key (mx0v…y001)');
  });

  it('pairs a key with the stored secret when the store holds that same key', async () => {
    const r = await resolve(inputs({ env: { MEXC_API_KEY: A.key } }), stored());
    expect([r.key, r.secret]).toEqual([A.key, A.secret]);
    expect(r.pairing).toMatchObject({ severity: 'info' });
  });

  it('never pairs a secret without a key with the stored key', async () => {
    const r = await resolve(inputs({ env: { MEXC_SECRET_KEY: B.secret } }), stored());
    expect(r.key).toBeNull();
    expect(r.pairing).toMatchObject({ severity: 'fail' });
  });

  it('says exactly how a stale shell key was mixed with the secret of a .env file holding another key', async () => {
    const r = await resolve(
      inputs({ env: { MEXC_API_KEY: B.key }, dotenvFiles: [{ path: '.env', entries: { MEXC_API_KEY: A.key, MEXC_SECRET_KEY: A.secret } }] }),
    );
    // What the bot itself gets with dotenv (the shell wins), so that is what is diagnosed, and flagged.
    expect([r.key, r.secret]).toEqual([B.key, A.secret]);
    expect(r.pairing).toMatchObject({ severity: 'fail' });
    expect(r.pairing!.message).toMatch(/mixed pair: the key comes from environment MEXC_API_KEY, the secret from file \.env, whose own key is different/);
    expect(r.pairing!.fix).toContain('unset MEXC_API_KEY');
    expect(r.warnings.join()).toContain('MEXC_API_KEY is set in the shell and differs from .env');
  });

  it('a flag key with a secret from a place that holds no key: a warning, not a failure', async () => {
    const r = await resolve(inputs({ flagApiKey: B.key, env: { MEXC_SECRET_KEY: B.secret } }));
    expect([r.key, r.secret]).toEqual([B.key, B.secret]);
    expect(r.pairing).toMatchObject({ severity: 'warn' });
  });

  it('the same key in the shell and the .env file is one pair', async () => {
    const r = await resolve(inputs({ env: { MEXC_API_KEY: A.key }, dotenvFiles: [{ path: '.env', entries: { MEXC_API_KEY: A.key, MEXC_SECRET_KEY: A.secret } }] }));
    expect(r.pairing).toMatchObject({ severity: 'info' });
    expect(r.warnings).toEqual([]);
  });
});
