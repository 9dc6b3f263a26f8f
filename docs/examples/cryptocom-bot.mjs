#!/usr/bin/env node
// A small Crypto.com Exchange bot, as many are written: it reads its key from
// the environment, signs each call, and asks for its balance and its open
// orders. It has one bug, the one in the README section "Your bot gets 700002
// or 40101 but `xcred diagnose` passes". Run it through `xcred proxy` to see it.
import { createHmac } from 'node:crypto';

const BASE = process.env.CRYPTOCOM_BASE_URL ?? 'https://api.crypto.com/exchange/v1';
const KEY = process.env.CRYPTOCOM_API_KEY;
const SECRET = process.env.CRYPTOCOM_API_SECRET;

async function call(method, params = {}) {
  const nonce = Date.now();
  const id = 1;
  // key + value for every param, no separators (the docs' "params string")
  const paramString = Object.entries(params).map(([k, v]) => k + v).join('');
  const sig = createHmac('sha256', SECRET).update(method + id + KEY + paramString + nonce).digest('hex');
  const res = await fetch(`${BASE}/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id, method, api_key: KEY, params, nonce, sig }),
  });
  const body = await res.json();
  console.log(`${method}: HTTP ${res.status} code ${body.code}${body.message ? ' ' + body.message : ''}`);
}

await call('private/user-balance');
await call('private/get-open-orders', { page_size: '20', instrument_name: 'BTC_USDT' });
