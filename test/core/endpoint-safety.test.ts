import { describe, expect, it } from 'vitest';
import type { HttpMethod } from '../../src/core/signing.js';
import { API } from '../apis.js';

// Each exchange's signer says which of its endpoints can change the account.
const BY_EXCHANGE = { mexc: API['mexc-spot'], 'mexc-futures': API['mexc-futures'], cryptocom: API['cryptocom-v1'] } as const;
const endpointSafety = (exchange: keyof typeof BY_EXCHANGE, method: HttpMethod, path: string) => BY_EXCHANGE[exchange].signer.cli.endpointSafety(method, path);

describe('which requests can change the account', () => {
  it.each([
    ['mexc', 'GET', '/api/v3/account'],
    ['mexc', 'GET', '/api/v3/openOrders'],
    ['mexc', 'POST', '/api/v3/order/test'],
    ['mexc-futures', 'GET', '/api/v1/private/account/assets'],
    ['cryptocom', 'POST', 'private/user-balance'],
    ['cryptocom', 'POST', 'private/get-order-detail'],
    ['cryptocom', 'POST', 'private/get-account-summary'],
    ['cryptocom', 'POST', 'public/get-instruments'],
  ] as const)('read-only: %s %s %s', (exchange, method, path) => {
    expect(endpointSafety(exchange, method, path).readOnly).toBe(true);
  });

  it.each([
    ['mexc', 'POST', '/api/v3/order', /orders/],
    ['mexc', 'DELETE', '/api/v3/order', /cancel|orders/],
    ['mexc', 'DELETE', '/api/v3/openOrders', /orders/],
    ['mexc', 'POST', '/api/v3/capital/withdraw', /withdraws funds/],
    ['mexc', 'POST', '/api/v3/capital/transfer', /moves funds/],
    ['mexc', 'POST', '/api/v3/userDataStream', /not known to be read-only/],
    ['mexc', 'PUT', '/api/v3/anything', /not known to be read-only/],
    ['mexc', 'POST', '/api/v3/order/testing', /orders/],
    ['mexc-futures', 'POST', '/api/v1/private/order/submit', /orders/],
    ['mexc-futures', 'POST', '/api/v1/private/position/change_leverage', /positions/],
    ['cryptocom', 'POST', 'private/create-order', /orders/],
    ['cryptocom', 'POST', 'private/cancel-order', /cancels orders/],
    ['cryptocom', 'POST', 'private/cancel-all-orders', /cancels orders/],
    ['cryptocom', 'POST', 'private/create-withdrawal', /withdraws funds/],
    ['cryptocom', 'POST', 'private/create-subaccount-transfer', /moves funds/],
    ['cryptocom', 'POST', 'private/something-new', /not known to be read-only/],
  ] as const)('can change the account: %s %s %s', (exchange, method, path, why) => {
    const s = endpointSafety(exchange, method, path);
    expect(s.readOnly).toBe(false);
    expect(s.reason).toMatch(why);
  });
});
