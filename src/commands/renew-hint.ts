import { randomUUID } from 'node:crypto';
import { ExitCode, UsageError } from '../errors.js';
import { calendar } from '../core/ics.js';
import { reminderTime } from '../core/reminder.js';
import { keyAge, DAY_MS, type KeyAge } from '../core/key-age.js';
import { fingerprint, maskIdentifier, Secret } from '../core/secret.js';
import type { ApiFacts, BrowserTokenSupport } from '../exchanges/contract.js';
import { allApis, loadApi } from '../exchanges/registry.js';
import { writeFileAtomic } from '../io/atomic.js';
import { checkReplaceable } from '../io/safe-file.js';
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

function consequence(age: KeyAge, life: ApiFacts['keyLifetime']): string {
  switch (age.status) {
    case 'expired':
      return life.kind === 'expires-unless-ip-bound' ? life.expiredConsequence : 'Every call with this key fails until you create a new key.';
    case 'renew-window':
      return `The key stops working on ${age.expiresAt} and cannot be renewed after that: you would have to create a new one and update every bot.`;
    case 'ok':
      return `Nothing to do before ${age.renewWindowOpensAt}. Missing the ${life.kind === 'expires-unless-ip-bound' ? life.renewWindowDays : 5}-day window means creating a new key and updating every bot.`;
    case 'rotate':
      return 'The key still works; rotating limits the damage if it ever leaked.';
    default:
      return 'Nothing expires by rule; revoke and replace the key if it may have leaked.';
  }
}

async function webTokenReport(facts: ApiFacts, support: BrowserTokenSupport, envVar: string): Promise<CommandResult> {
  const raw = process.env[envVar]
    ? process.env[envVar]!
    : process.stdin.isTTY
      ? await promptHidden(`${support.name} (WEB...): `)
      : stripOneNewline(await readStdin('--web-token'));
  if (!raw.trim()) throw new UsageError(`no token: set ${envVar} or pipe the token in (never on the command line)`);
  const token = new Secret(raw.trim());
  const info = support.inspect(raw);
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
      ? support.opaqueLifetime
      : info.expiresAt === null
        ? 'A JWT without an "exp" claim: no expiry can be read.'
        : status === 'expired'
          ? `Expired at ${expiresAt} (read from the token, not verified).`
          : `Expires at ${expiresAt}, in ${hoursLeft} hours (read from the token, not verified).`;
  const steps = support.refreshSteps;
  return {
    exitCode: status === 'expired' ? ExitCode.problem : ExitCode.ok,
    json: {
      exchange: facts.exchange,
      credential: 'browser-session-token',
      token: { masked: maskIdentifier(raw.trim()), fingerprint: fingerprint(raw.trim()), format: info.kind },
      issuedAt: info.kind === 'jwt' && info.issuedAt ? new Date(info.issuedAt).toISOString() : null,
      expiresAt,
      hoursLeft,
      status,
      lifetime,
      warning: support.warning,
      steps,
    },
    text: (style) =>
      wrapBlock([
        `${support.name} ${maskIdentifier(raw.trim())} (${token.describe()}), format: ${info.format}`,
        `  ${style.status(status === 'expired' ? 'fail' : status === 'valid' ? 'pass' : 'warn')} ${lifetime}`,
        `  ${style.status('warn')} ${support.warning}`,
        '  To get a fresh one:',
        ...steps.map((s, i) => `    ${i + 1}. ${s}`),
      ].join('\n'), style.width),
  };
}

/** An exchange whose keys do not expire, asked without a creation date: nothing to renew. */
function noExpiryWithoutDate(exchange: ApiFacts): CommandResult {
  const life = exchange.keyLifetime;
  const note = life.kind === 'expires-unless-ip-bound' ? '' : life.note;
  const consequenceText = 'Nothing expires by rule; revoke and replace the key if it may have leaked.';
  const steps = [note, 'Consider rotating keys periodically: --created YYYY-MM-DD --rotate-days N sets a reminder'];
  return {
    exitCode: ExitCode.ok,
    json: {
      exchange: exchange.exchange,
      createdAt: null,
      expiresAt: null,
      daysLeft: null,
      renewWindowOpen: false,
      renewWindowOpensAt: null,
      ipBound: false,
      status: 'no-expiry',
      consequence: consequenceText,
      steps,
      ics: null,
      icsAlarm: null,
    },
    text: (style) =>
      wrapBlock(
        [
          `${exchange.exchangeTitle} key (creation date not given)`,
          `  ${style.status('pass')} ${note}: nothing to renew`,
          `  If you wait: ${consequenceText}`,
          '  Steps:',
          ...steps.map((x, i) => `    ${i + 1}. ${x}`),
        ].join('\n'),
        style.width,
      ),
  };
}

/** What to click, by the exchange's key lifetime rule and the key's state. */
function uiSteps(facts: ApiFacts, age: KeyAge): string[] {
  const life = facts.keyLifetime;
  if (life.kind !== 'expires-unless-ip-bound') return [life.note, ...age.steps];
  const url = facts.keyManagementUrl;
  if (age.status === 'expired') {
    return [
      `Open ${url} (${life.console})`,
      `Create a new API key with the permissions you need; bind your server IP(s) so it does not expire after ${life.validDays} days`,
      'Copy the key and secret at once (the secret is shown only once) and update your bots',
    ];
  }
  if (age.status === 'renew-window' || age.status === 'ok') {
    return [
      age.status === 'renew-window' ? `Open ${url} (${life.console}) now, before ${age.expiresAt}` : `Open ${url} (${life.console}) on or after ${age.renewWindowOpensAt}`,
      `${life.renewAction}: the key is extended by ${life.validDays} days`,
      `Or bind an IP address to the key: IP-bound keys do not expire after ${life.validDays} days`,
    ];
  }
  return [life.boundNote, ...(age.steps ?? [])];
}

export async function run(args: string[], opts: RenewOptions): Promise<CommandResult> {
  const exchange = exchangeArg(args[0]);
  const token = exchange.browserSessionToken;
  if (opts.webToken || (token && process.env[token.envVar] && opts.created === undefined)) {
    const support = token ? (await loadApi(exchange)).browserToken : undefined;
    if (!token || !support) {
      const which = [...new Set(allApis().filter((a) => a.browserSessionToken).map((a) => a.exchange))];
      throw new UsageError(`--web-token is for ${which.join(', ') || 'exchanges with a browser session token'}`);
    }
    return webTokenReport(exchange, support, token.envVar);
  }
  const rotateDays = intOption('--rotate-days', opts.rotateDays, { min: 1, max: 3650 });
  const stored = readProfiles()[profileId(exchange.credentialGroup, opts.profile ?? 'default')];
  const createdMs = parseCreated(opts.created) ?? (stored?.createdAt ? Date.parse(stored.createdAt) : undefined);
  const life = exchange.keyLifetime;
  if (createdMs === undefined && life.kind !== 'expires-unless-ip-bound' && rotateDays === undefined && opts.ics === undefined) {
    // Nothing expires by rule: the answer does not depend on a date the user may not know.
    return noExpiryWithoutDate(exchange);
  }
  if (createdMs === undefined) {
    throw new UsageError(`the key's creation date is unknown: pass --created YYYY-MM-DD (and --ip-bound if IPs are bound), or store the key with \`xcred creds add ${exchange.exchange} --created ...\``);
  }
  const ipBound = opts.ipBound ?? (opts.created === undefined ? (stored?.ipBound ?? false) : false);
  const now = Date.now();
  const age = keyAge({ facts: exchange, createdAt: createdMs, ipBound: Boolean(ipBound), now, ...(rotateDays !== undefined ? { rotateDays } : {}) });
  const expires = exchange.keyLifetime.kind === 'expires-unless-ip-bound';
  const steps = uiSteps(exchange, age);

  let icsWritten: string | null = null;
  let ics: { file: string | null; alarm: string | null; note: string } | null = null;
  if (opts.ics !== undefined) {
    // Replaced by rename: only a new path or a regular file (never /dev/tty, a FIFO, a directory or a symlink). Checked first: bad input is exit 2 whatever the key's state.
    checkReplaceable(opts.ics, '--ics');
    const due = age.renewWindowOpensAt ?? (rotateDays !== undefined ? new Date(createdMs + rotateDays * DAY_MS).toISOString().slice(0, 10) : null);
    if (!due) throw new UsageError('nothing to put in a calendar: this key does not expire by rule; add --rotate-days N for a rotation reminder');
    if (age.status === 'expired') {
      ics = { file: null, alarm: null, note: `no calendar event written: the key expired on ${age.expiresAt} and can no longer be renewed; create a new key` };
    } else {
      // Never an alarm in the past: a window that is already open is reminded of the next morning, or sooner.
      const reminder = reminderTime(due, age.expiresAt, now);
      const summary = age.renewWindowOpensAt
        ? reminder.moved
          ? `Renew the ${exchange.exchangeTitle} API key now (the renewal window is open until ${age.expiresAt})`
          : `Renew the ${exchange.exchangeTitle} API key (window open until ${age.expiresAt})`
        : `Rotate the ${exchange.exchangeTitle} API key`;
      try {
        writeFileAtomic(opts.ics, calendar({ uid: `${randomUUID()}@xcred`, when: reminder.when, summary, description: [consequence(age, exchange.keyLifetime), ...steps].join('\n'), ...(expires ? { url: exchange.keyManagementUrl } : {}), now }));
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
      exchange: exchange.exchange,
      createdAt: age.createdAt,
      expiresAt: age.expiresAt,
      daysLeft: age.daysLeft,
      renewWindowOpen: age.renewWindowOpen,
      renewWindowOpensAt: age.renewWindowOpensAt,
      ipBound: Boolean(ipBound),
      status,
      consequence: consequence(age, exchange.keyLifetime),
      steps,
      ics: icsWritten,
      icsAlarm: ics?.alarm ?? null,
      ...(ics && !ics.file ? { icsSkipped: ics.note } : {}),
    },
    text: (style) =>
      wrapBlock([
        `${exchange.exchangeTitle} key created ${age.createdAt}${ipBound ? ', IP-bound' : expires ? ', no IP bound' : ''}${stored && opts.created === undefined ? ` (from stored profile ${opts.profile ?? 'default'})` : ''}`,
        `  ${style.status(status === 'expired' ? 'fail' : status === 'renew-window' || status === 'rotate' ? 'warn' : 'pass')} ${age.summary}`,
        `  If you wait: ${consequence(age, exchange.keyLifetime)}`,
        '  Steps:',
        ...steps.map((s, i) => `    ${i + 1}. ${s}`),
        ...(ics ? [`  ${ics.note}`] : []),
      ].join('\n'), style.width),
  };
}
