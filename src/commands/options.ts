import { UsageError } from '../errors.js';
import type { ApiFacts } from '../exchanges/contract.js';
import { resolveApi } from '../exchanges/registry.js';
import { maskUrlUserinfoIn } from '../core/redact-url.js';

// Option values arrive as strings; these turn them into typed values or a
// one-line usage error that names the option.

/** The exchange API an <exchange> argument (and --api-version) names. */
export function exchangeArg(value: string | undefined, apiVersion?: string): ApiFacts {
  return resolveApi(value, apiVersion);
}

export function intOption(name: string, value: unknown, opts: { min?: number; max?: number } = {}): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  if (!/^-?\d+$/.test(text)) throw new UsageError(`${name} must be a whole number, got "${String(value)}"`);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new UsageError(`${name} is too large: ${text}`);
  if (opts.min !== undefined && n < opts.min) throw new UsageError(`${name} must be at least ${opts.min}, got ${n}`);
  if (opts.max !== undefined && n > opts.max) throw new UsageError(`${name} must be at most ${opts.max}, got ${n}`);
  return n;
}

/** A millisecond Unix timestamp: 13 digits, so seconds (10 digits) are caught. */
export function msTimestampOption(name: string, value: unknown): number | undefined {
  const n = intOption(name, value, { min: 0 });
  if (n === undefined) return undefined;
  if (n < 1e12 || n >= 1e13) {
    throw new UsageError(
      `${name} must be Unix time in milliseconds (13 digits), got ${n}` + (n >= 1e9 && n < 1e10 ? ' which looks like seconds: multiply by 1000' : ''),
    );
  }
  return n;
}

export function paramOption(values: unknown): Array<[string, string]> {
  if (values === undefined) return [];
  const list = Array.isArray(values) ? values : [values];
  return list.map((raw) => {
    const text = String(raw);
    const eq = text.indexOf('=');
    if (eq <= 0) throw new UsageError(`malformed --param "${text}": expected key=value`);
    return [text.slice(0, eq), text.slice(eq + 1)];
  });
}

export function urlOption(name: string, value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UsageError(`${name} is not a URL: "${maskUrlUserinfoIn(value)}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`${name} must be http:// or https://, got "${maskUrlUserinfoIn(value)}"`);
  if (u.search || u.hash) throw new UsageError(`${name} must not carry a query or fragment: "${maskUrlUserinfoIn(value)}"`);
  return value.replace(/\/+$/, '');
}

export function stringList(values: unknown): string[] | undefined {
  if (values === undefined) return undefined;
  return (Array.isArray(values) ? values : [values]).map(String);
}

/** A YYYY-MM-DD date in the past, or "30d" for 30 days ago, as ms since the epoch (UTC midnight). */
export function parseCreated(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const ago = /^(\d{1,5})d$/.exec(value);
  if (ago) {
    const day = new Date(now - Number(ago[1]) * 86_400_000);
    return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw new UsageError(`--created must be a date as YYYY-MM-DD (or 30d for 30 days ago), got "${value}"`);
  }
  if (ms > now) throw new UsageError(`--created ${value} is in the future`);
  return ms;
}

/**
 * An environment variable by a name the user gave. Own properties only:
 * `process.env['valueOf']` is a function from Object.prototype, not a variable.
 */
export function envVariable(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!Object.hasOwn(env, name)) return undefined;
  const value = env[name];
  return typeof value === 'string' ? value : undefined;
}

/** XCRED_IP_SERVICES: comma-separated echo services, for networks where the defaults are unreachable (and for tests). */
export function envServices(): string[] | null {
  const text = process.env.XCRED_IP_SERVICES;
  if (text === undefined || text.trim() === '') return null;
  return text.split(',').map((s) => urlOption('XCRED_IP_SERVICES', s.trim()));
}
