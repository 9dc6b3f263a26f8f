import { ExitCode, InputError, UsageError } from '../errors.js';
import { demoEnvLines } from '../emulator/demo-keys.js';
import { allApis } from '../exchanges/registry.js';
import { privateTempDir, type PrivateTempDir } from '../io/private-temp.js';
import { startEmulator, type RequestLogEntry } from '../emulator/server.js';
import { isScenario, SCENARIO_HELP, SCENARIOS } from '../emulator/state.js';
import { findingJson, findingLine, ndjson } from '../render/forensics-lines.js';
import { writeOut, writeRendered } from '../render/output.js';
import { makeStyle, wantsColor } from '../render/style.js';
import { terminalInfo } from '../render/terminal.js';
import type { CommandResult } from './result.js';
import { intOption } from './options.js';
import { handleInterruptsInCommand } from '../interrupt.js';

interface EmulatorOptions {
  host?: string;
  port?: string;
  scenario?: string;
  latency?: string;
  tls?: boolean;
  json?: boolean;
  color?: boolean;
}

export async function run(_args: string[], opts: EmulatorOptions): Promise<CommandResult> {
  const scenario = opts.scenario ?? 'ok';
  if (!isScenario(scenario)) throw new UsageError(`unknown scenario "${scenario}": use one of ${SCENARIOS.join(', ')}`);
  const port = intOption('--port', opts.port, { min: 0, max: 65535 }) ?? 0;
  const latencyMs = intOption('--latency', opts.latency, { min: 0, max: 120_000 });
  const host = opts.host ?? '127.0.0.1';
  const style = makeStyle({ color: wantsColor(terminalInfo(1), process.env, opts.color) });

  // Under --json, stdout is NDJSON: the start object, then one object per request, then a "stopped" object.
  const log = (e: RequestLogEntry) => {
    if (opts.json) {
      const code = e.verdict === 'ok' ? null : /^-?\d+$/.test(e.verdict) ? Number(e.verdict) : e.verdict;
      void writeRendered(
        ndjson({
          type: 'request',
          time: e.time,
          api: e.api,
          method: e.method,
          path: e.path,
          status: e.status,
          code,
          ...(e.apiKey ? { apiKey: e.apiKey } : {}),
          ...(e.finding ? { finding: findingJson(e.finding) } : {}),
        }),
      );
      return;
    }
    const line = `${e.time}  ${e.method.padEnd(6)} ${e.path.padEnd(36)} ${String(e.status)}  ${e.verdict === 'ok' ? style.status('pass') + ' ok' : style.status('fail') + ' ' + e.verdict}\n`;
    void writeOut(line + (e.finding ? findingLine(e.finding, style) : ''));
  };

  let emulator;
  try {
    emulator = await startEmulator({ host, port, scenario, latencyMs, tls: opts.tls, onRequest: log });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new InputError(`port ${port} on ${host} is already in use: pick another with --port, or 0 for any free port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new InputError(`cannot listen on ${host}: not an address of this machine`);
    if (code === 'EACCES') throw new InputError(`not allowed to listen on port ${port} (ports below 1024 need root)`);
    throw err;
  }
  // The certificate goes in a private directory (mkdtemp, 0700), never at a
  // predictable /tmp path where a planted symlink would redirect the write.
  let certDir: PrivateTempDir | null = null;
  let certPath: string | null = null;
  if (emulator.certificatePem) {
    certDir = privateTempDir('xcred-emulator-');
    certPath = certDir.writeNew('cert.pem', emulator.certificatePem);
  }

  // Listening for Ctrl-C before anything is printed: a supervisor that signals
  // as soon as it has read the URLs still gets a clean stop (certificate removed).
  handleInterruptsInCommand();
  const stopped = new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.once('SIGHUP', stop);
  });

  const { urls } = emulator;
  const served = emulator.apis.map((a) => ({ facts: allApis().find((f) => f.id === a.id)!, routes: a.routes }));
  const env = demoEnvLines(served, urls.apis);
  const keys = Object.fromEntries(served.map((a) => [a.facts.id, { apiKey: a.routes.demoKey.apiKey, secret: a.routes.demoKey.secret }]));
  if (opts.json) {
    await writeRendered(ndjson({ type: 'listening', scenario, latencyMs: emulator.state.latencyMs, tls: Boolean(opts.tls), certificate: certPath, urls: { ...urls.apis, ipEcho: urls.ipEcho }, keys, env }));
  } else {
    const lines = [
      style.c.bold(`xcred emulator: scenario "${scenario}"`) + ` (${SCENARIO_HELP[scenario]})`,
      '',
      ...served.map((a) => `  ${a.facts.title.padEnd(30)} ${urls.apis[a.facts.id]}`),
      `  ${'IP echo'.padEnd(30)} ${urls.ipEcho}`,
      ...(certPath ? ['', `  TLS: self-signed certificate in ${certPath}`, `  To trust it: export NODE_EXTRA_CA_CERTS=${certPath}`] : []),
      '',
      'Demo credentials (they work only here); paste these lines into another shell:',
      // `export` so they reach xcred and any bot started from that shell; the IP echo keeps the egress check on this machine.
      ...[...env, `XCRED_IP_SERVICES=${urls.ipEcho}`].map((l) => `  export ${l}`),
      '',
      `Try: xcred diagnose ${served[0]!.facts.exchange}   (in that shell)`,
      'Requests are logged below; a refused signature or timestamp gets a line saying what the client did wrong. Ctrl-C stops.',
      '',
    ];
    await writeOut(lines.join('\n'));
  }

  await stopped;
  await emulator.close();
  certDir?.remove();
  await (opts.json ? writeRendered(ndjson({ type: 'stopped' })) : writeOut('\nemulator stopped\n'));
  return { exitCode: ExitCode.ok, json: null, text: () => '', printed: true };
}
