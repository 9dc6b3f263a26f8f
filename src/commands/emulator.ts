import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode, InputError, UsageError } from '../errors.js';
import { DEMO_KEYS, demoEnvLines } from '../emulator/demo-keys.js';
import { startEmulator, type RequestLogEntry } from '../emulator/server.js';
import { isScenario, SCENARIO_HELP, SCENARIOS } from '../emulator/state.js';
import { writeErr, writeOut } from '../render/output.js';
import { makeStyle, wantsColor } from '../render/style.js';
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
  const style = makeStyle({ color: wantsColor(process.stdout, process.env, opts.color) });

  const log = (e: RequestLogEntry) => {
    const line = `${e.time}  ${e.method.padEnd(6)} ${e.path.padEnd(36)} ${String(e.status)}  ${e.verdict === 'ok' ? style.status('pass') + ' ok' : style.status('fail') + ' ' + e.verdict}\n`;
    // Under --json stdout holds exactly one document: the log goes to stderr.
    void (opts.json ? writeErr(line) : writeOut(line));
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
  let certPath: string | null = null;
  if (emulator.certificatePem) {
    certPath = join(tmpdir(), `xcred-emulator-${process.pid}.pem`);
    writeFileSync(certPath, emulator.certificatePem, { mode: 0o600 });
  }

  const { urls } = emulator;
  const env = demoEnvLines(urls);
  if (opts.json) {
    await writeOut(
      JSON.stringify(
        { scenario, latencyMs: emulator.state.latencyMs, tls: Boolean(opts.tls), certificate: certPath, urls, keys: DEMO_KEYS, env },
        null,
        2,
      ) + '\n',
    );
  } else {
    const lines = [
      style.c.bold(`xcred emulator: scenario "${scenario}"`) + ` (${SCENARIO_HELP[scenario]})`,
      '',
      `  MEXC spot v3        ${urls.mexc}/api/v3`,
      `  MEXC futures        ${urls.mexcFutures}/api/v1`,
      `  Crypto.com v1       ${urls.cryptocom}`,
      `  Crypto.com v2       ${urls.cryptocomV2}`,
      `  IP echo             ${urls.ipEcho}`,
      ...(certPath ? ['', `  TLS: self-signed certificate in ${certPath}`, `  To trust it: NODE_EXTRA_CA_CERTS=${certPath}`] : []),
      '',
      'Demo credentials (they work only here):',
      ...env.map((l) => `  ${l}`),
      '',
      `Try: xcred diagnose mexc --base-url ${urls.mexc} --ip-service ${urls.ipEcho}   (with the MEXC lines above exported)`,
      'Requests are logged below. Ctrl-C stops.',
      '',
    ];
    await writeOut(lines.join('\n'));
  }

  handleInterruptsInCommand();
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await emulator.close();
  if (certPath) rmSync(certPath, { force: true });
  if (!opts.json) await writeOut('\nemulator stopped\n');
  return { exitCode: ExitCode.ok, json: null, text: () => '', printed: true };
}
