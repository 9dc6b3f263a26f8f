import { fitTable } from './table.js';
import { wrapBlock } from './width.js';
import type { EgressReport } from '../core/egress.js';
import type { Style } from './style.js';
import { maskUrlUserinfo } from '../core/redact-url.js';

/** `limits`: what each exchange says about its IP whitelist (facts.ipWhitelistNote). */
export function renderEgress(r: EgressReport, style: Style, limits: readonly string[] = []): string {
  const { c } = style;
  const lines: string[] = [];
  lines.push(c.bold('Which address the exchange sees') + (r.proxy ? `  (through proxy ${maskUrlUserinfo(r.proxy)})` : ''));
  const rows = r.answers.map((a) => [
    maskUrlUserinfo(a.service),
    a.requestedFamily ? `IPv${a.requestedFamily}` : 'proxy',
    a.ip ? `${style.status('pass')} ${a.ip}` : `${style.status(a.error?.startsWith('not an IP') ? 'warn' : 'error')} ${a.error}`,
    `${a.ms} ms`,
  ]);
  const table = fitTable(['service', 'asked over', 'answer', 'time'], rows, style.width);
  const finish = () => [wrapBlock(lines[0]!, style.width), table, wrapBlock(lines.slice(1).join('\n'), style.width)].filter((x) => x !== '').join('\n');
  if (r.answered === 0) {
    lines.push(`${style.status('error')} No service answered: xcred cannot tell your egress address (network down, firewall, or proxy needed?).`);
    return finish();
  }
  const fam = (name: string, ips: string[]) =>
    ips.length === 0 ? `${name}: none` : ips.length === 1 ? `${name}: ${c.bold(ips[0]!)}` : `${name}: ${c.bold(ips.join(', '))} (services disagree)`;
  lines.push(`Egress  ${fam('IPv4', r.egress.ipv4)}   ${fam('IPv6', r.egress.ipv6)}`);
  if (!r.consistent) {
    lines.push(
      `${style.status('fail')} The services saw different addresses: several NAT gateways or egress IPs, or a load-balanced proxy. Whitelist every one of them, or pin the egress (one NAT gateway / elastic IP).`,
    );
  } else {
    lines.push(`${style.status('pass')} Every service that answered agrees.`);
  }
  if (r.proxy) lines.push(`${style.status('warn')} A proxy is in the path: the exchange sees the proxy's address, shown above.`);
  if (r.whitelist) {
    if (r.whitelist.missing.length === 0) {
      lines.push(`${style.status('pass')} Every egress address is in the whitelist (${r.whitelist.entries.join(', ')}).`);
    } else {
      for (const ip of r.whitelist.missing) lines.push(`${style.status('fail')} ${ip} is NOT in the whitelist (${r.whitelist.entries.join(', ')}).`);
      if (r.egress.ipv6.length > 0 && r.whitelist.entries.every((e) => !e.includes(':'))) {
        lines.push(`  Your machine also goes out over IPv6 while the whitelist holds only IPv4: whitelist the IPv6 address or force IPv4.`);
      }
    }
  }
  const all = [...r.egress.ipv4, ...r.egress.ipv6];
  lines.push('', `Paste into the key's IP whitelist: ${c.bold(all.join(','))}`);
  for (const l of limits) lines.push(c.dim(`  ${l}`));
  return finish();
}
