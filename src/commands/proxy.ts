import { ExitCode, InputError, UsageError } from '../errors.js';
import { SignatureMemory } from '../core/forensics/memory.js';
import { maskUrlUserinfo } from '../core/redact-url.js';
import { maskIdentifier, registerApiKey } from '../core/secret.js';
import type { ExchangeApi } from '../exchanges/contract.js';
import { allApis, loadApi } from '../exchanges/registry.js';
import { httpRequest, proxyFor } from '../net/http.js';
import { inspectExchange, type ClockReading, type ProxyEvent } from '../proxy/inspect.js';
import { startProxyServer, type Exchanged } from '../proxy/server.js';
import { SummaryCounter } from '../proxy/summary.js';
import { findingJson, ndjson } from '../render/forensics-lines.js';
import { writeOut, writeRendered } from '../render/output.js';
import { refusedText, requestText, startText, summaryText } from '../render/proxy-report.js';
import { makeStyle, wantsColor } from '../render/style.js';
import { terminalInfo } from '../render/terminal.js';
import { displayUrl, isOfficialHost, loadCommandCredentials, type CommandCredentials, type CredentialOptions } from './context.js';
import { exchangeArg, intOption, urlOption } from './options.js';
import { buildBook } from './proxy-credentials.js';
import type { CommandResult } from './result.js';
import { handleInterruptsInCommand } from '../interrupt.js';

// `xcred proxy <exchange>`: a local pass-through the bot uses as its base
// URL. Thin: options, credentials and the exchange clock in; the server in
// src/proxy/server.ts, the analysis in src/proxy/inspect.ts, the text in
// src/render/proxy-report.ts. Under --json, stdout is NDJSON: a "listening"
// object, one "request" (or "refused") object per request, a "summary".

interface ProxyCommandOptions extends CredentialOptions {
  host?: string;
  port?: string;
  count?: string;
  timeout?: string;
  proxy?: string;
  json?: boolean;
  color?: boolean;
  verbose?: boolean;
}

export const DEFAULT_PROXY_PORT = 8788;

const isLoopback = (host: string) => /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i.test(host);

/**
 * A .env file comes with whatever repository the user is in, and the proxy
 * forwards the bot's own signed requests: key and a valid signature. So,
 * unlike other commands (src/commands/context.ts refuses a .env host only for
 * a key from elsewhere), a .env file may name the exchange's own hosts over
 * https and nothing else. The shell's environment and --base-url are the user's.
 */
function refuseDotenvUpstream(facts: ExchangeApi['facts'], creds: CommandCredentials): void {
  const from = creds.baseUrlFrom;
  if (from?.kind !== 'dotenv' || isOfficialHost(facts, creds.baseUrl)) return;
  const url = displayUrl(creds.baseUrl);
  throw new UsageError(
    `${from.path} sets ${from.name} to ${url}, which is not one of ${facts.exchangeTitle}'s own hosts: xcred proxy does not send your bot's signed requests to a host named by a .env file. Pass --base-url ${url} if you mean it`,
  );
}

export async function run(args: string[], opts: ProxyCommandOptions): Promise<CommandResult> {
  const facts = exchangeArg(args[0], opts.apiVersion);
  const port = intOption('--port', opts.port ?? String(DEFAULT_PROXY_PORT), { min: 0, max: 65535 })!;
  const count = intOption('--count', opts.count, { min: 1 });
  const timeoutMs = intOption('--timeout', opts.timeout ?? '10000', { min: 100, max: 600_000 })!;
  const host = opts.host ?? '127.0.0.1';
  const upstreamProxy = opts.proxy ? urlOption('--proxy', opts.proxy) : undefined;
  const style = makeStyle({ color: wantsColor(terminalInfo(1), process.env, opts.color), verbose: opts.verbose ?? false });

  // The APIs that share this key (MEXC spot and futures; Crypto.com v1 and v2), the named one first:
  // a bot calling both through one host gets both analysed.
  const group = [facts, ...allApis().filter((f) => f.credentialGroup === facts.credentialGroup && f.id !== facts.id)];
  const apis: ExchangeApi[] = await Promise.all(group.map((f) => loadApi(f)));
  const creds = await loadCommandCredentials(facts, opts);
  refuseDotenvUpstream(facts, creds);
  const book = await buildBook(facts, creds);
  const upstream = new URL(creds.baseUrl);
  const notices = [...book.notices];
  if (creds.baseUrlNotice) notices.push(creds.baseUrlNotice);
  if (!isLoopback(host)) {
    notices.push(`listening on ${host}, not on loopback: anyone who can reach this machine can send requests through it to ${upstream.host}; use --host 127.0.0.1 unless you mean it`);
  }
  const via = proxyFor(creds.baseUrl, upstreamProxy, process.env);
  if (via) notices.push(`requests to the exchange go through the proxy ${maskUrlUserinfo(via)}`);
  // Every key xcred holds is masked at the output boundary, wherever it would appear (a response echoing it included).
  for (const k of book.keys()) registerApiKey(k);

  // The exchange clock, from the API's own time endpoint, read at most once a minute per base URL.
  const clocks = new Map<string, { at: number; reading: Promise<ClockReading | null> }>();
  const exchangeClock = (api: ExchangeApi, baseUrl: string): Promise<ClockReading | null> => {
    const cacheKey = `${api.facts.id} ${baseUrl}`;
    const hit = clocks.get(cacheKey);
    if (hit && Date.now() - hit.at < 60_000) return hit.reading;
    const reading = (async () => {
      const probe = api.probes.publicProbe(baseUrl);
      const t0 = Date.now();
      const out = await httpRequest({ method: probe.method, url: probe.url }, { timeoutMs: Math.min(timeoutMs, 5000), proxy: upstreamProxy, maxBodyBytes: probe.maxBodyBytes });
      const t1 = Date.now();
      if (!out.ok) return null;
      const st = api.probes.serverTime(out.response);
      return st ? { serverMs: st.ms, localMs: (t0 + t1) / 2, source: st.source, resolutionMs: st.resolutionMs } : null;
    })();
    clocks.set(cacheKey, { at: Date.now(), reading });
    return reading;
  };

  const counter = new SummaryCounter();
  const memory = new SignatureMemory(1000);
  const pending = new Set<Promise<void>>();
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const ctx = {
    apis,
    upstreamOrigin: upstream.origin,
    book,
    memory,
    exchangeClock,
    addSecretHint: `set ${facts.env.apiKey[0]} and ${facts.env.secret[0]} (environment or .env, or --env-file), or store the pair with \`xcred creds add ${facts.exchange}\``,
  };

  const emit = (e: ProxyEvent) => {
    counter.add(e);
    if (opts.json) {
      void writeRendered(
        ndjson({
          ...e,
          ...(e.finding ? { finding: findingJson(e.finding) } : {}),
          ...(e.clock ? { clock: findingJson(e.clock) } : {}),
        }),
      );
    } else {
      void writeOut(requestText(e, style));
    }
    if (count !== undefined && counter.requests >= count) stop();
  };

  const onExchange = (x: Exchanged) => {
    const p = inspectExchange(x, ctx)
      .then(emit)
      .catch((err: unknown) => {
        emit({ type: 'request', time: new Date(x.arrivedAt).toISOString(), api: facts.id, method: x.method, path: x.path, status: x.status, ms: x.ms, outcome: 'unknown', code: null, title: null, explanation: `not analysed: ${(err as Error).message}`, apiKey: null });
      })
      .finally(() => pending.delete(p));
    pending.add(p);
  };

  let running;
  try {
    running = await startProxyServer({
      upstream: upstream.origin,
      host,
      port,
      timeoutMs,
      proxy: upstreamProxy,
      // On loopback only the bot's own names are answered (DNS rebinding); elsewhere --host said who may connect.
      checkHost: isLoopback(host),
      onExchange,
      onRefused: (r) => {
        counter.refused(r.kind);
        const ev = { type: 'refused', time: new Date().toISOString(), kind: r.kind, method: r.method, path: r.target, ...(r.reason ? { reason: r.reason } : {}) };
        void (opts.json ? writeRendered(ndjson(ev)) : writeOut(refusedText({ ...r, time: ev.time }, style)));
      },
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new InputError(`port ${port} on ${host} is already in use: pick another with --port, or 0 for any free port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new InputError(`cannot listen on ${host}: not an address of this machine`);
    if (code === 'EACCES') throw new InputError(`not allowed to listen on port ${port} (ports below 1024 need root)`);
    throw err;
  }
  if ((isLoopback(upstream.hostname) || upstream.hostname === host) && Number(upstream.port || (upstream.protocol === 'https:' ? 443 : 80)) === running.port) {
    await running.close();
    throw new UsageError(`the exchange base URL ${upstream.origin} is this proxy itself: give the exchange's URL with --base-url (the bot, not xcred, points at the proxy)`);
  }

  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const botBaseUrl = `http://${shownHost}:${running.port}${upstream.pathname.replace(/\/+$/, '')}`;
  const start = {
    title: facts.title,
    upstream: upstream.origin + upstream.pathname.replace(/\/+$/, ''),
    listen: running.origin,
    botBaseUrl,
    keys: book.entries.map((e) => ({ apiKey: maskIdentifier(e.apiKey), source: e.source, secret: e.secret.describe() })),
    notices,
  };
  await (opts.json
    ? writeRendered(ndjson({ type: 'listening', exchange: facts.exchange, api: facts.id, apis: apis.map((a) => a.facts.id), ...start, websocket: 'refused', ...(count !== undefined ? { count } : {}) }))
    : writeOut(startText(start, style)));

  // Ctrl-C ends the proxy with its summary: src/cli.ts stays out of the way.
  handleInterruptsInCommand();
  const onSignal = () => stop();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  await stopped;
  await running.close();
  await Promise.all([...pending]);
  const summary = counter.summary();
  const exitCode = counter.exitCode();
  await (opts.json ? writeRendered(ndjson({ type: 'summary', ...summary, exitCode })) : writeOut(summaryText(summary, style)));
  // Kept until the summary is out, so a second Ctrl-C during shutdown does not cut it.
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  return { exitCode: exitCode === 1 ? ExitCode.problem : exitCode === 3 ? ExitCode.indeterminate : ExitCode.ok, json: null, text: () => '', printed: true };
}


