import { probesWithheld } from '../credentials/lint.js';
import type { ResolvedCredentials } from '../credentials/resolve.js';
import type { EgressReport } from '../egress.js';
import type { CidrEntry } from '../ip.js';
import type { ExchangeApi } from '../../exchanges/contract.js';
import { keyAge } from '../key-age.js';
import { explainResponse, type ResponseVerdict } from '../kb/lookup.js';
import type { ConnectivityResult } from '../../net/connectivity.js';
import type { HttpOutcome, HttpRequest } from '../../net/http.js';
import { authReadCheck, clockCheck, connectivityCheck, credentialsCheck, egressCheck, keyAgeCheck, signerCheck, tradeCheck } from './checks.js';
import { retryAfterSeconds } from './answer.js';
import { reconcileWithLiveAnswer } from './reconcile.js';
import { CHECK_ORDER, type CheckResult, type DiagnoseReport } from './types.js';
import { computeVerdict } from './verdict.js';

export interface DiagnoseInput {
  api: ExchangeApi;
  title: string;
  baseUrl: string;
  baseUrlSource?: string;
  notices?: string[];
  creds: ResolvedCredentials;
  whitelist: CidrEntry[] | null;
  tradeProbe: boolean;
  key: { createdAt: number; ipBound: boolean } | null;
  platform: string;
  meta: { xcredVersion: string; node: string; emulator: string | null };
  /** Line-level findings in the .env file the credentials came from. */
  dotenvFindings?: Array<{ path: string; line: number; key: string | null; severity: 'fail' | 'warn'; message: string; fix: string }>;
}

/** Everything that touches the outside world, injected so the core stays testable. */
export interface DiagnoseIo {
  http(req: HttpRequest, maxBodyBytes?: number): Promise<HttpOutcome>;
  connectivity(url: string): Promise<ConnectivityResult>;
  /** null when no echo service is configured. */
  egress(): Promise<EgressReport> | null;
  now(): number;
  /** Told of each check as soon as its result is known (an interrupted run can still show them). */
  onCheck?(check: CheckResult): void;
}

export async function diagnose(input: DiagnoseInput, io: DiagnoseIo): Promise<DiagnoseReport> {
  const started = io.now();
  const { api, creds } = input;
  const { probes } = api;
  const credentials = credentialsCheck(api.facts, creds, input.dotenvFindings ?? []);
  const signer = signerCheck(api);
  const age = keyAgeCheck(input.key ? keyAge({ facts: api.facts, ...input.key, now: io.now() }) : null);
  const progress = io.onCheck ?? (() => {});
  for (const c of [credentials.result, signer, age]) progress(c);

  const withheld = probesWithheld(credentials.findings);
  const probeCreds = creds.apiKey && creds.secret && !withheld ? { apiKey: creds.apiKey.value, secret: creds.secret.value.reveal() } : null;
  const noCreds = withheld ?? 'no credentials to test with';
  const now = io.now();
  const read = probeCreds ? probes.readProbe(probeCreds, input.baseUrl, now) : null;
  const trade = probeCreds && input.tradeProbe ? probes.tradeProbe(probeCreds, input.baseUrl, now) : null;
  const publicProbe = probes.publicProbe(input.baseUrl);

  const send = (r: { method: string; url: string; headers: Record<string, string>; body: string | null }) =>
    io.http({ method: r.method, url: r.url, headers: r.headers, body: r.body });
  const verdictOf = (o: HttpOutcome | null): ResponseVerdict | null => (o && o.ok ? explainResponse(api, o.response.status, o.response.body) : null);
  // Independent network checks run concurrently: the diagnosis costs about one round trip.
  let publicStart = 0;
  let publicEnd = 0;
  // Started in order of what the verdict waits for most: the authenticated read first, the TCP-only probe last
  // (each start is synchronous work that delays the next one's first byte).
  // The read's check stands alone: reported as soon as its answer is in.
  const reading = (read ? send(read.request) : Promise.resolve(null)).then((out) => {
    if (read && out) progress(authReadCheck(read.description, out, verdictOf(out), null));
    return out;
  });
  const trading = trade && 'request' in trade ? send(trade.request) : Promise.resolve(null);
  const publicAsked = (async () => {
    publicStart = io.now();
    const out = await io.http({ method: publicProbe.method, url: publicProbe.url }, publicProbe.maxBodyBytes);
    publicEnd = io.now();
    progress(clockCheck(probes, out, publicStart, publicEnd, input.platform).result);
    return out;
  })();
  const egressAsked = io.egress();
  // After one turn of the event loop, so the requests above are written before this probe's own set-up runs.
  const connecting = new Promise<void>((resolve) => setImmediate(resolve)).then(() => io.connectivity(input.baseUrl));
  const [conn, publicOutcome, egressReport, readOutcome, tradeOutcome] = await Promise.all([connecting, publicAsked, egressAsked, reading, trading]);

  const readVerdict = verdictOf(readOutcome);
  const tradeVerdict = verdictOf(tradeOutcome);
  const reportedIp = readVerdict?.ip ?? tradeVerdict?.ip ?? null;
  const readOk = readVerdict?.ok ?? false;

  const clock = clockCheck(probes, publicOutcome, publicStart, publicEnd, input.platform);
  const measured: CheckResult[] = [
    credentials.result,
    connectivityCheck(conn, publicProbe.description, publicOutcome, api.facts),
    clock.result,
    egressCheck(egressReport, reportedIp, input.whitelist),
    signer,
    authReadCheck(read?.description ?? '', readOutcome, readVerdict, probeCreds ? null : noCreds),
    tradeCheck(
      trade && 'description' in trade ? trade.description : null,
      tradeOutcome,
      tradeVerdict,
      tradeVerdict ? probes.readTrade(tradeVerdict, readOk) : null,
      !input.tradeProbe ? 'skipped (--no-trade-probe)' : !probeCreds ? noCreds : trade && 'skip' in trade ? trade.skip : null,
      readOk,
    ),
    age,
  ];
  measured.sort((a, b) => CHECK_ORDER.indexOf(a.id) - CHECK_ORDER.indexOf(b.id));
  const checks = reconcileWithLiveAnswer(measured, credentials.findings);
  const limited = [readOutcome, publicOutcome].find((o) => o?.ok && (o.response.status === 429 || o.response.status === 418));

  const verdict = computeVerdict({
    api,
    checks,
    authEntry: readVerdict?.entry ?? null,
    lintClean: credentials.findings.length === 0,
    clockOffsetMs: clock.offsetMs,
    whitelistGiven: input.whitelist !== null,
    reportedIp,
    platform: input.platform,
    retryAfterS: limited?.ok ? retryAfterSeconds(limited.response.headers) : null,
  });
  return {
    schemaVersion: 1,
    exchange: api.facts.exchange,
    api: api.facts.id,
    title: input.title,
    baseUrl: input.baseUrl,
    baseUrlSource: input.baseUrlSource ?? 'default',
    notices: input.notices ?? [],
    ...verdict,
    checks,
    meta: { ...input.meta, time: new Date(started).toISOString(), durationMs: Math.round(io.now() - started) },
  };
}
