import { isIP } from 'node:net';

export type IpFamily = 4 | 6;

export interface CidrEntry {
  text: string;
  family: IpFamily;
  base: bigint;
  prefix: number;
}

function v4ToBigInt(ip: string): bigint {
  return ip.split('.').reduce((acc, part) => (acc << 8n) + BigInt(Number(part)), 0n);
}

function v6ToBigInt(ip: string): bigint {
  let text = ip.toLowerCase();
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hextets.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = v4ToBigInt(v4[1]!);
    text = text.slice(0, -v4[1]!.length) + `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  const groups = tail !== undefined ? [...left, ...Array<string>(missing).fill('0'), ...right] : left;
  return groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g || '0', 16)), 0n);
}

export function ipFamily(text: string): IpFamily | null {
  const f = isIP(text);
  return f === 4 || f === 6 ? f : null;
}

export function ipToBigInt(ip: string): { family: IpFamily; value: bigint } | null {
  const family = ipFamily(ip);
  if (!family) return null;
  return { family, value: family === 4 ? v4ToBigInt(ip) : v6ToBigInt(ip) };
}

/** Parse `1.2.3.4`, `1.2.3.0/24`, `2001:db8::/32`; null when malformed. */
export function parseCidr(text: string): CidrEntry | null {
  const [addr, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined || !addr) return null;
  const ip = ipToBigInt(addr);
  if (!ip) return null;
  const max = ip.family === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return null;
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(max - prefix);
  return { text: text.trim(), family: ip.family, base: ip.value & mask, prefix };
}

export function cidrContains(entry: CidrEntry, ip: string): boolean {
  const parsed = ipToBigInt(ip);
  if (!parsed || parsed.family !== entry.family) {
    // An IPv4-mapped IPv6 address (::ffff:1.2.3.4) matches an IPv4 entry.
    if (parsed?.family === 6 && entry.family === 4 && parsed.value >> 32n === 0xffffn) {
      return cidrContains(entry, [24n, 16n, 8n, 0n].map((s) => String((parsed.value >> s) & 0xffn)).join('.'));
    }
    return false;
  }
  const max = entry.family === 4 ? 32 : 128;
  const mask = entry.prefix === 0 ? 0n : ((1n << BigInt(entry.prefix)) - 1n) << BigInt(max - entry.prefix);
  return (parsed.value & mask) === entry.base;
}
