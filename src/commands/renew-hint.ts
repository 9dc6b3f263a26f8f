import { randomUUID } from 'node:crypto';
import { ExitCode, UsageError } from '../errors.js';
import { calendar } from '../core/ics.js';
import { reminderTime } from '../core/reminder.js';
import { keyAge, DAY_MS, type KeyAge } from '../core/key-age.js';
import { fingerprint, maskIdentifier, Secret } from '../core/secret.js';
import { inspectWebToken, WEB_TOKEN_WARNING, type WebTokenInfo } from '../core/web-token.js';
import { writeFileAtomic } from '../io/atomic.js';
import { profileId, readProfiles } from '../io/profiles.js';
import { readStdin, stripOneNewline } from '../io/stdin.js';
import { promptHidden } from '../io/prompt.js';
import { exchangeArg, intOption, parseCreated } from './options.js';
import type { CommandResult } from './result.js';
import { wrapBlock } from '../render/width.js';

interface RenewOptions {
  profile?: string;
  created?: string;
  ipBound?: boolean;
  rotateDays?: string;
  ics?: string;
  webToken?: boolean;
}

const MEXC_API_URL = 'https://www.mexc.com/user/openapi';

function consequence(age: KeyAge): string {
  switch (age.status) {
    case 'expired':
      return 'Every call with this key fails (MEXC spot answers 10072/700002, futures 402) until you create a new key.';
    case 'renew-window':
      return `If you do nothing, the key stops working on ${age.expiresAt} and cannot be renewed after that: you will have to create a new one and update every bot.`;
    case 'ok':
      return `Nothing to do before ${age.renewWindowOpensAt}. Missing the 5-day window means creating a new key and updating every bot.`;
    case 'rotate':
      return 'The key still works; rotating limits the damage if it ever leaked.';
    default:
      return 'Nothing expires by rule; revoke and replace the key if it may have leaked.';
  }
}

async function webTokenReport(): Promise<CommandResult> {
  const raw = process.env.MEXC_WEB_TOKEN
    ? process.env.MEXC_WEB_TOKEN
    : process.stdin.isTTY
      ? await promptHidden('MEXC browser token (WEB...): ')
      : stripOneNewline(await readStdin('--web-token'));
  if (!raw.trim()) throw new UsageError('no token: set MEXC_WEB_TOKEN or pipe the token in (never on the command line)');
  const token = new Secret(raw.trim());
  const info: WebTokenInfo = inspectWebToken(raw);
  const now = Date.now();
  let status: 'unknown' | 'valid' | 'expired' = 'unknown';
  let expiresAt: string | null = null;
  let hoursLeft: number | null = null;
  if (info.kind === 'jwt' && info.expiresAt !== null) {
    expiresAt = new Date(info.expiresAt).toISOString();
    hoursLeft = Math.round(((info.expiresAt - now) / 3_600_000) * 10) / 10;
    status = info.expiresAt <= now ? 'expired' : 'valid';
  }
  const lifetime =
    info.kind === 'opaque'
      ? 'An opaque session id: its expiry cannot be read from it. Users report it expires after 24 hours of inactivity, 7 days at most, or when you log out.'
      : info.expiresAt === null
        ? 'A JWT without an "exp" claim: no expiry can be read.'
        : status === 'expired'
          ? `Expired at ${expiresAt} (read from the token, not verified).`
          : `Expires at ${expiresAt}, in ${hoursLeft} hours (read from the token, not verified).`;
  const steps = ['Log in at futures.mexc.com, open the developer tools (Network tab), and copy the "authorization" header of a contract.mexc.com request', 'Prefer an official API key where the API allows the operation'];
  return {
    exitCode: status === 'expired' ? ExitCode.problem : ExitCode.ok,
    json: {
      exchange: 'mexc',
      credential: 'browser-session-token',
      token: { masked: maskIdentifier(raw.trim()), fingerprint: fingerprint(raw.trim()), format: info.kind },
      issuedAt: info.kind === 'jwt' && info.issuedAt ? new Date(info.issuedAt).toISOString() : null,
      expiresAt,
      hoursLeft,
      status,
      lifetime,
      warning: WEB_TOKEN_WARNING,
      steps,
    },
    text: (style) =>
      wrapBlock([
        `MEXC browser session token ${maskIdentifier(raw.trim())} (${token.describe()}), format: ${info.kind === 'opaque' ? 'WEB + 64 hex' : 'WEB + JWT'}`,
        `  ${style.status(status === 'expired' ? 'fail' : status === 'valid' ? 'pass' : 'warn')} ${lifetime}`,
        `  ${style.status('warn')} ${WEB_TOKEN_WARNING}`,
        '  To get a fresh one:',
        ...steps.map((s, i) => `    ${i + 1}. ${s}`),
      ].join('\n'), style.width),
  };
}

export async function run(args: string[], opts: RenewOptions): Promise<CommandResult> {
  const exchange = exchangeArg(args[0]);
  if (opts.webToken || (process.env.MEXC_WEB_TOKEN && exchange.id !== 'cryptocom' && opts.created === undefined)) {
    if (exchange.id === 'cryptocom') throw new UsageError('--web-token is for MEXC');
    return webTokenReport();
  }
  const rotateDays = intOption('--rotate-days', opts.rotateDays, { min: 1, max: 3650 });
  const stored = readProfiles()[profileId(exchange.id, opts.profile ?? 'default')];
  const createdMs = parseCreated(opts.created) ?? (stored?.createdAt ? Date.parse(stored.createdAt) : undefined);
  if (createdMs === undefined) {
    throw new UsageError(`the key's creation date is unknown: pass --created YYYY-MM-DD (and --ip-bound if IPs are bound), or store the key with \`xcred creds add ${exchange.id} --created ...\``);
  }
  const ipBound = opts.ipBound ?? (opts.created === undefined ? (stored?.ipBound ?? false) : false);
  const now = Date.now();
  const age = keyAge({ exchange: exchange.id, createdAt: createdMs, ipBound: Boolean(ipBound), now, ...(rotateDays !== undefined ? { rotateDays } : {}) });
  const isMexc = exchange.id !== 'cryptocom';
  const uiSteps = isMexc
    ? age.status === 'expired'
      ? [`Open ${MEXC_API_URL} (MEXC > API Management)`, 'Create a new API key with the permissions you need; bind your server IP(s) so it does not expire after 90 days', 'Copy the key and secret at once (the secret is shown only once) and update your bots']
      : age.status === 'renew-window' || age.status === 'ok'
        ? [`Open ${MEXC_API_URL} (MEXC > API Management) on or after ${age.renewWindowOpensAt}`, 'My API Key > Action > Renew: the key is extended by 90 days', 'Or bind an IP address to the key: IP-bound keys do not expire after 90 days']
        : ['IP-bound MEXC keys do not expire by rule', ...(age.steps ?? [])]
    : ['Crypto.com documents no API key expiry', ...age.steps];

  let icsWritten: string | null = null;
  let ics: { file: string | null; alarm: string | null; note: string } | null = null;
  if (opts.ics !== undefined) {
    const due = age.renewWindowOpensAt ?? (rotateDays !== undefined ? new Date(createdMs + rotateDays * DAY_MS).toISOString().slice(0, 10) : null);
    if (!due) throw new UsageError('nothing to put in a calendar: this key does not expire by rule; add --rotate-days N for a rotation reminder');
    if (age.status === 'expired') {
      ics = { file: null, alarm: null, note: `no calendar event written: the key expired on ${age.expiresAt} and can no longer be renewed; create a new key` };
    } else {
      // Never an alarm in the past: a window that is already open is reminded of the next morning, or sooner.
      const reminder = reminderTime(due, age.expiresAt, now);
      const summary = age.renewWindowOpensAt
        ? reminder.moved
          ? `Renew the ${exchange.title} API key now (the renewal window is open until ${age.expiresAt})`
          : `Renew the ${exchange.title} API key (window open until ${age.expiresAt})`
        : `Rotate the ${exchange.title} API key`;
      try {
        writeFileAtomic(opts.ics, calendar({ uid: `${randomUUID()}@xcred`, when: reminder.when, summary, description: [consequence(age), ...uiSteps].join('\n'), ...(isMexc ? { url: MEXC_API_URL } : {}), now }));
      } catch (err) {
        throw new UsageError(`--ics ${opts.ics}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'the directory does not exist' : 'cannot be written'}`);
      }
      icsWritten = opts.ics;
      const alarm = 'date' in reminder.when ? `${reminder.when.date} 09:00 (your calendar's time zone)` : `${new Date(reminder.when.at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
      ics = {
        file: opts.ics,
        alarm,
        note: `Calendar event written to ${opts.ics}: the alarm rings ${alarm}${reminder.moved ? ` (${due} has passed: ${age.renewWindowOpensAt ? 'renew now; this is the reminder in case' : 'rotate now; this is the reminder in case'})` : ''}`,
      };
    }
  }

  const status = age.status;
  const exitCode = status === 'expired' || status === 'renew-window' ? ExitCode.problem : ExitCode.ok;
  return {
    exitCode,
    json: {
      exchange: exchange.id,
      createdAt: age.createdAt,
      expiresAt: age.expiresAt,
      daysLeft: age.daysLeft,
      renewWindowOpen: age.renewWindowOpen,
      renewWindowOpensAt: age.renewWindowOpensAt,
      ipBound: Boolean(ipBound),
      status,
      consequence: consequence(age),
      steps: uiSteps,
      ics: icsWritten,
      icsAlarm: ics?.alarm ?? null,
      ...(ics && !ics.file ? { icsSkipped: ics.note } : {}),
    },
    text: (style) =>
      wrapBlock([
        `${exchange.title} key created ${age.createdAt}${ipBound ? ', IP-bound' : isMexc ? ', no IP bound' : ''}${stored && opts.created === undefined ? ` (from stored profile ${opts.profile ?? 'default'})` : ''}`,
        `  ${style.status(status === 'expired' ? 'fail' : status === 'renew-window' || status === 'rotate' ? 'warn' : 'pass')} ${age.summary}`,
        `  If you wait: ${consequence(age)}`,
        '  Steps:',
        ...uiSteps.map((s, i) => `    ${i + 1}. ${s}`),
        ...(ics ? [`  ${ics.note}`] : []),
      ].join('\n'), style.width),
  };
}
