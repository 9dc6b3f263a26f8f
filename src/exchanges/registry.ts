import { UsageError } from '../errors.js';
import type { ApiFacts, ExchangeApi, RegisteredApi } from './contract.js';
import { facts as cryptocomV1 } from './cryptocom-v1/facts.js';
import { facts as cryptocomV2 } from './cryptocom-v2/facts.js';
import { facts as mexcFutures } from './mexc-futures/facts.js';
import { facts as mexcSpot } from './mexc-spot/facts.js';

// The one list of exchange APIs. Adding an API is a folder plus one line
// here. Only the facts load with this file; each API's signer, probes,
// knowledge base and emulator routes load on first use.

/** The exchanges xcred ships with, as typed names (registerApi() may add more at run time). */
export type BuiltInExchange = typeof mexcSpot.exchange | typeof mexcFutures.exchange | typeof cryptocomV1.exchange | typeof cryptocomV2.exchange;

const REGISTERED: RegisteredApi[] = [
  { facts: mexcSpot, load: () => import('./mexc-spot/index.js').then((m) => m.api) },
  { facts: mexcFutures, load: () => import('./mexc-futures/index.js').then((m) => m.api) },
  { facts: cryptocomV1, load: () => import('./cryptocom-v1/index.js').then((m) => m.api) },
  { facts: cryptocomV2, load: () => import('./cryptocom-v2/index.js').then((m) => m.api) },
];

const loaded = new Map<string, Promise<ExchangeApi>>();

/** Every registered API, in registry order. */
export function allApis(): readonly ApiFacts[] {
  return REGISTERED.map((r) => r.facts);
}

/** One API per credential group (the first registered): where a shared key is stored and linted. */
export function credentialGroups(): ApiFacts[] {
  const out: ApiFacts[] = [];
  for (const r of REGISTERED) if (!out.some((f) => f.credentialGroup === r.facts.credentialGroup)) out.push(r.facts);
  return out;
}

/** The <exchange> names users type, in registry order. */
export function exchangeNames(): string[] {
  return [...new Set(REGISTERED.map((r) => r.facts.exchange))];
}

/** The --api-version values of exchanges that have several APIs. */
export function apiVersions(): string[] {
  return [...new Set(REGISTERED.flatMap((r) => (r.facts.apiVersion ? [r.facts.apiVersion] : [])))];
}

/** "a, b or c" */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/**
 * Another API version of the same exchange whose default path the base URL
 * ends with (a v1 URL asked to serve v2 calls), or null. Paths only: hosts
 * are the user's to choose (an emulator, a proxy).
 */
export function siblingVersionAt(facts: ApiFacts, baseUrl: string): ApiFacts | null {
  const pathOf = (url: string) => {
    try {
      return new URL(url).pathname.replace(/\/+$/, '');
    } catch {
      return '';
    }
  };
  const own = pathOf(facts.defaultBaseUrl);
  const path = pathOf(baseUrl);
  if (path.endsWith(own) && own !== '') return null;
  return (
    REGISTERED.map((r) => r.facts).find((f) => {
      const theirs = pathOf(f.defaultBaseUrl);
      return f.exchange === facts.exchange && f.id !== facts.id && theirs !== '' && theirs !== own && path.endsWith(theirs);
    }) ?? null
  );
}

/** The API a user means by an <exchange> argument and an optional --api-version. */
export function resolveApi(exchange: string | undefined, apiVersion?: string, allowed: readonly string[] = exchangeNames()): ApiFacts {
  if (!exchange) throw new UsageError(`missing <exchange>: one of ${allowed.join(', ')}`);
  // What users type for the same thing: MEXC, Crypto.com, or an API's id (mexc-spot, cryptocom-v2).
  const typed = exchange;
  const plain = exchange.toLowerCase().replace(/\./g, '');
  const byId = REGISTERED.find((r) => r.facts.id === plain);
  if (byId && byId.facts.exchange !== plain) {
    if (apiVersion && byId.facts.apiVersion && apiVersion !== byId.facts.apiVersion) {
      throw new UsageError(`"${typed}" is ${byId.facts.title}, but --api-version ${apiVersion} was given: use one or the other`);
    }
    apiVersion = apiVersion ?? byId.facts.apiVersion ?? undefined;
  }
  exchange = byId ? byId.facts.exchange : plain;
  const candidates = REGISTERED.filter((r) => r.facts.exchange === exchange);
  if (candidates.length === 0 || !allowed.includes(exchange)) {
    throw new UsageError(`unknown exchange "${typed}": use one of ${allowed.join(', ')}`);
  }
  const chosen = candidates.find((r) => (apiVersion ? r.facts.apiVersion === apiVersion : r.facts.isDefaultVersion)) ?? (apiVersion ? undefined : candidates[0]);
  if (!chosen) {
    const versions = candidates.flatMap((r) => (r.facts.apiVersion ? [r.facts.apiVersion] : []));
    throw new UsageError(
      versions.length > 0 ? `--api-version ${apiVersion} is not one of ${exchange}'s: ${versions.join(', ')}` : `${exchange} has a single API: drop --api-version`,
    );
  }
  return chosen.facts;
}

/** Facts by API id. */
export function apiFacts(id: string): ApiFacts {
  const hit = REGISTERED.find((r) => r.facts.id === id);
  if (!hit) throw new Error(`no registered exchange API "${id}"`);
  return hit.facts;
}

/** The whole API module (signer, probes, knowledge base, emulator routes), loaded once. */
export function loadApi(idOrFacts: string | ApiFacts): Promise<ExchangeApi> {
  const id = typeof idOrFacts === 'string' ? idOrFacts : idOrFacts.id;
  let p = loaded.get(id);
  if (!p) {
    const hit = REGISTERED.find((r) => r.facts.id === id);
    if (!hit) return Promise.reject(new Error(`no registered exchange API "${id}"`));
    p = hit.load();
    loaded.set(id, p);
  }
  return p;
}

export function loadAllApis(): Promise<ExchangeApi[]> {
  return Promise.all(REGISTERED.map((r) => loadApi(r.facts.id)));
}

/**
 * Add an API at run time: for library users with an exchange of their own,
 * and for the test suite's fictional exchange. Ids and the pair
 * (exchange, version) must be new.
 */
export function registerApi(entry: RegisteredApi): void {
  const f = entry.facts;
  if (REGISTERED.some((r) => r.facts.id === f.id)) throw new Error(`exchange API "${f.id}" is already registered`);
  if (REGISTERED.some((r) => r.facts.exchange === f.exchange && r.facts.apiVersion === f.apiVersion)) {
    throw new Error(`exchange "${f.exchange}" already has an API for version ${f.apiVersion ?? '(none)'}`);
  }
  REGISTERED.push(entry);
}

/** Remove an API added with registerApi (tests). */
export function unregisterApi(id: string): void {
  const i = REGISTERED.findIndex((r) => r.facts.id === id);
  if (i >= 0) REGISTERED.splice(i, 1);
  loaded.delete(id);
}
