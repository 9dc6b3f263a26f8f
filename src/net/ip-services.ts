import { networkInterfaces } from 'node:os';
import { parseEchoBody, type EchoAnswer } from '../core/egress.js';
import { ipFamily, type IpFamily } from '../core/ip.js';
import { maskUrlUserinfo } from '../core/redact-url.js';
import { describeFailure, displayProxy, httpRequest, proxyFor } from './http.js';

export const DEFAULT_IP_SERVICES = [
  'https://api.ipify.org',
  'https://api64.ipify.org',
  'https://icanhazip.com',
  'https://ifconfig.me/ip',
  'https://checkip.amazonaws.com',
];

/** Families this machine can route to the internet (a global address exists). */
export function localFamilies(): IpFamily[] {
  const families = new Set<IpFamily>([4]);
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      if (a.family === 'IPv6' && !/^(fe80|fc|fd)/i.test(a.address)) families.add(6);
    }
  }
  return [...families];
}

export interface EchoOptions {
  services: string[];
  timeoutMs: number;
  proxy?: string | undefined;
  families?: IpFamily[];
  ca?: string | undefined;
}

/** Ask every service at once (per family where the machine has both); never throws. */
export async function askEchoServices(opts: EchoOptions): Promise<{ proxy: string | null; answers: EchoAnswer[] }> {
  const proxy = opts.services.length > 0 ? proxyFor(opts.services[0]!, opts.proxy, process.env) : null;
  // Through a proxy the proxy picks the family; otherwise force each one.
  const families: Array<IpFamily | null> = proxy ? [null] : (opts.families ?? localFamilies());
  const jobs = opts.services.flatMap((service) => families.map((family) => ({ service, family })));
  const answers = await Promise.all(
    jobs.map(async ({ service, family }): Promise<EchoAnswer> => {
      const outcome = await httpRequest(
        { method: 'GET', url: service, headers: { 'User-Agent': 'curl/8.5.0 (xcred check-ip)', Accept: 'text/plain' } },
        { timeoutMs: opts.timeoutMs, proxy: opts.proxy, family: family ?? undefined, maxBodyBytes: 4096, ca: opts.ca },
      );
      if (!outcome.ok) {
        const f = outcome.failure;
        return { service, requestedFamily: family, ip: null, family: null, ms: f.ms, error: describeFailure(f) };
      }
      const r = outcome.response;
      if (r.status !== 200) return { service, requestedFamily: family, ip: null, family: null, ms: r.ms, error: `HTTP ${r.status}` };
      const parsed = parseEchoBody(r.body);
      return { service, requestedFamily: family, ip: parsed.ip, family: parsed.ip ? ipFamily(parsed.ip) : null, ms: r.ms, error: parsed.error };
    }),
  );
  // Shown in reports: never with a proxy's or a service's password.
  return { proxy: proxy === null ? null : displayProxy(proxy), answers: answers.map((a) => ({ ...a, service: maskUrlUserinfo(a.service) })) };
}
