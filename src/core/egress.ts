import { UsageError } from '../errors.js';
import { cidrContains, ipFamily, parseCidr, type CidrEntry, type IpFamily } from './ip.js';

// What check-ip concludes from the echo services' answers. Pure: the network
// part lives in src/net/ip-services.ts.

export interface EchoAnswer {
  service: string;
  /** The family the request was forced to use, null when not forced (proxy). */
  requestedFamily: IpFamily | null;
  ip: string | null;
  family: IpFamily | null;
  ms: number;
  error: string | null;
}

export interface EgressReport {
  proxy: string | null;
  answers: EchoAnswer[];
  egress: { ipv4: string[]; ipv6: string[] };
  consistent: boolean;
  answered: number;
  whitelist: { entries: string[]; missing: string[] } | null;
  ok: boolean;
}

/** Read an echo service's body: a bare address, possibly with whitespace. Anything else is not trusted. */
export function parseEchoBody(body: string): { ip: string | null; error: string | null } {
  const text = body.trim();
  if (text.length > 64 || !ipFamily(text)) {
    const shown = text.slice(0, 40).replace(/\s+/g, ' ');
    return { ip: null, error: `not an IP address: "${shown}${text.length > 40 ? '…' : ''}"` };
  }
  return { ip: text, error: null };
}

export function parseWhitelist(text: string, what = '--whitelist'): CidrEntry[] {
  const parts = text.split(/[,\s]+/).filter(Boolean);
  if (parts.length === 0) throw new UsageError(`${what} is empty: give IPs or CIDRs separated by commas`);
  return parts.map((p) => {
    const entry = parseCidr(p);
    if (!entry) throw new UsageError(`${what}: "${p}" is not an IP address or CIDR (e.g. 203.0.113.7 or 203.0.113.0/24)`);
    return entry;
  });
}

export function summariseEgress(answers: EchoAnswer[], proxy: string | null, whitelist: CidrEntry[] | null): EgressReport {
  const valid = answers.filter((a) => a.ip !== null);
  const distinct = (family: IpFamily) => [...new Set(valid.filter((a) => a.family === family).map((a) => a.ip!))];
  const egress = { ipv4: distinct(4), ipv6: distinct(6) };
  // Consistent: every service that answered over a family saw the same address.
  const consistent = egress.ipv4.length <= 1 && egress.ipv6.length <= 1 && valid.length > 0;
  let wl: EgressReport['whitelist'] = null;
  if (whitelist) {
    const all = [...egress.ipv4, ...egress.ipv6];
    wl = { entries: whitelist.map((e) => e.text), missing: all.filter((ip) => !whitelist.some((e) => cidrContains(e, ip))) };
  }
  return {
    proxy,
    answers,
    egress,
    consistent,
    answered: valid.length,
    whitelist: wl,
    ok: valid.length > 0 && consistent && (wl === null || wl.missing.length === 0),
  };
}
