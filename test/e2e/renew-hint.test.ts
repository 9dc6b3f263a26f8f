import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';

const day = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * day).toISOString().slice(0, 10);
const tmp = () => mkdtempSync(join(tmpdir(), 'xcred-renew-'));

/** Parse an iCalendar file back, enforcing the RFC 5545 rules we rely on. */
function parseIcs(text: string) {
  expect(text.endsWith('\r\n')).toBe(true);
  const physical = text.slice(0, -2).split('\r\n');
  for (const l of physical) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/); // no bare LF
  const lines: string[] = [];
  for (const l of physical) {
    if (l.startsWith(' ')) lines[lines.length - 1] += l.slice(1);
    else lines.push(l);
  }
  const stack: string[] = [];
  const props: Record<string, Record<string, string>> = {};
  for (const l of lines) {
    const [name, value] = [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)];
    if (name === 'BEGIN') stack.push(value);
    else if (name === 'END') expect(stack.pop()).toBe(value);
    else (props[stack.at(-1)!] ??= {})[name.split(';')[0]!] = value;
  }
  expect(stack).toEqual([]);
  return props;
}

describe('xcred renew-hint', () => {
  it('an unbound MEXC key inside its renewal window: exit 1, steps, and a valid calendar event', async () => {
    const file = join(tmp(), 'renew.ics');
    const created = ago(87);
    const r = await runCli(['renew-hint', 'mexc', '--created', created, '--ics', file, '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ exchange: 'mexc', createdAt: created, daysLeft: 3, renewWindowOpen: true, status: 'renew-window' });
    expect(out.expiresAt).toBe(new Date(Date.parse(created) + 90 * day).toISOString().slice(0, 10));
    expect(out.steps.join(' ')).toMatch(/Action > Renew/);
    const ics = parseIcs(readFileSync(file, 'utf8'));
    expect(ics.VCALENDAR).toMatchObject({ VERSION: '2.0', PRODID: '-//xcred//renew-hint//EN' });
    // The window opened two days ago: the alarm is not put there, in the past, but ahead (the next morning).
    expect(out.renewWindowOpensAt < new Date().toISOString().slice(0, 10)).toBe(true);
    expect(ics.VEVENT!.DTSTART).toMatch(/^\d{8}$/);
    const start = Date.parse(ics.VEVENT!.DTSTART!.replace(/(\d{4})(\d{2})(\d{2})/, '$1-$2-$3'));
    expect(start + 9 * 3_600_000 - 14 * 3_600_000).toBeGreaterThan(Date.now()); // 09:00 even at UTC+14
    expect(ics.VEVENT!.DTSTART! < out.expiresAt.replace(/-/g, '')).toBe(true);
    expect(ics.VEVENT!.SUMMARY).toMatch(/Renew the MEXC spot v3 API key now/);
    expect(ics.VEVENT!.UID).toMatch(/@xcred$/);
    expect(ics.VEVENT!.DTSTAMP).toMatch(/^\d{8}T\d{6}Z$/);
    expect(ics.VALARM).toMatchObject({ ACTION: 'DISPLAY', TRIGGER: 'PT9H' });
    expect(out.icsAlarm).toMatch(/^\d{4}-\d{2}-\d{2} 09:00 \(your calendar's time zone\)$/);
  });

  it('--ics before the window opens: an all-day event on the opening day; on the last day: a timed alarm soon; expired: no file', async () => {
    const early = join(tmp(), 'early.ics');
    const r = JSON.parse((await runCli(['renew-hint', 'mexc', '--created', ago(30), '--ics', early, '--json'])).stdout);
    expect(parseIcs(readFileSync(early, 'utf8')).VEVENT!.DTSTART).toBe(r.renewWindowOpensAt.replace(/-/g, ''));
    const last = join(tmp(), 'last.ics');
    await runCli(['renew-hint', 'mexc', '--created', ago(89), '--ics', last]);
    const ev = parseIcs(readFileSync(last, 'utf8'));
    expect(ev.VEVENT!.DTSTART).toMatch(/^\d{8}T\d{6}Z$/);
    const at = Date.parse(ev.VEVENT!.DTSTART!.replace(/(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/, '$1-$2-$3T$4:$5:$6Z'));
    expect(at).toBeGreaterThan(Date.now());
    expect(at).toBeLessThan(Date.now() + 30 * 60_000);
    expect(ev.VALARM!.TRIGGER).toBe('PT0S');
    const expired = join(tmp(), 'expired.ics');
    const gone = await runCli(['renew-hint', 'mexc', '--created', ago(120), '--ics', expired]);
    expect(gone.code).toBe(1);
    expect(gone.stdout).toMatch(/no calendar event written: the key expired on/);
    expect(() => readFileSync(expired)).toThrow();
  });

  it('a fresh key: exit 0, window not open; an old one: expired, exit 1', async () => {
    const fresh = JSON.parse((await runCli(['renew-hint', 'mexc', '--created', ago(10), '--json'])).stdout);
    expect(fresh).toMatchObject({ daysLeft: 80, renewWindowOpen: false, status: 'ok' });
    const old = await runCli(['renew-hint', 'mexc-futures', '--created', ago(120)]);
    expect(old.code).toBe(1);
    expect(old.stdout).toContain('expired on');
  });

  it('IP-bound MEXC keys and Crypto.com keys do not expire by rule; --rotate-days sets a reminder', async () => {
    const bound = await runCli(['renew-hint', 'mexc', '--created', ago(400), '--ip-bound', '--json']);
    expect([bound.code, JSON.parse(bound.stdout).status, JSON.parse(bound.stdout).expiresAt]).toEqual([0, 'no-expiry', null]);
    const cdc = await runCli(['renew-hint', 'cryptocom', '--created', ago(200), '--rotate-days', '180']);
    expect(cdc.stdout).toContain('Crypto.com documents no key expiry');
    expect(cdc.stdout).toMatch(/past your 180-day rotation/);
    const file = join(tmp(), 'rotate.ics');
    await runCli(['renew-hint', 'cryptocom', '--created', ago(20), '--rotate-days', '90', '--ics', file]);
    expect(parseIcs(readFileSync(file, 'utf8')).VEVENT!.SUMMARY).toMatch(/Rotate the Crypto.com Exchange API key/);
  });

  it('recognises an opaque WEB token, says its expiry cannot be read, and warns', async () => {
    const token = 'WEB' + 'a1'.repeat(32);
    const r = await runCli(['renew-hint', 'mexc', '--web-token', '--json'], { input: token });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ credential: 'browser-session-token', status: 'unknown', token: { format: 'opaque' } });
    expect(out.lifetime).toMatch(/24 hours of inactivity, 7 days at most/);
    expect(out.warning).toMatch(/full browser session.*terms of service/);
    expect(r.stdout).not.toContain(token);
  });

  it('decodes a WEB + JWT token without verifying it, from MEXC_WEB_TOKEN', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const exp = Math.floor(Date.now() / 1000) + 7200;
    const token = `WEB${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ iat: exp - 86400, exp })}.c2ln`;
    const ok = JSON.parse((await runCli(['renew-hint', 'mexc', '--json'], { env: { MEXC_WEB_TOKEN: token } })).stdout);
    expect(ok).toMatchObject({ status: 'valid', token: { format: 'jwt' } });
    expect(ok.hoursLeft).toBeGreaterThan(1.9);
    const expired = `WEB${b64({ alg: 'HS256' })}.${b64({ exp: exp - 86400 })}.c2ln`;
    expect((await runCli(['renew-hint', 'mexc', '--web-token'], { input: expired })).code).toBe(1);
  });

  it('bad input is exit 2 with one line', async () => {
    for (const [args, input] of [
      [['renew-hint', 'mexc'], ''],
      [['renew-hint', 'mexc', '--created', '2026-02-30'], ''],
      [['renew-hint', 'mexc', '--created', '2999-01-01'], ''],
      [['renew-hint', 'mexc', '--web-token'], 'not-a-token'],
      [['renew-hint', 'mexc', '--created', ago(3), '--ip-bound', '--ics', '/tmp/x.ics'], ''],
    ] as Array<[string[], string]>) {
      const r = await runCli(args, { input, env: { HOME: tmp() } });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('renew-hint says what a user needs, whatever they know', () => {
  it('Crypto.com without --created: keys do not expire, exit 0 (a creation date is needed only for a rotation reminder)', async () => {
    const r = await runCli(['renew-hint', 'cryptocom', '--json'], { env: { HOME: tmp() } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ exchange: 'cryptocom', createdAt: null, status: 'no-expiry' });
    const rotate = await runCli(['renew-hint', 'cryptocom', '--rotate-days', '30'], { env: { HOME: tmp() } });
    expect(rotate.code).toBe(2);
    expect(rotate.stderr).toContain('--created');
  });

  it('inside the renewal window: renew now, before the expiry date, in plain words', async () => {
    const r = await runCli(['renew-hint', 'mexc', '--created', ago(88)], { env: { HOME: tmp() } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Open https:\/\/www\.mexc\.com\/user\/openapi \(MEXC > API Management\) now, before \d{4}-\d{2}-\d{2}/);
    expect(r.stdout).not.toContain('If you wait: If you do nothing');
    expect(r.stdout).toMatch(/If you wait: The key stops working on/);
  });
});
