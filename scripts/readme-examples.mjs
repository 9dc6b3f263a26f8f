// The README's examples, as data: found, run in a sandbox, compared and
// rewritten. Used by `npm run docs` (scripts/docs.mjs), which regenerates the
// output blocks, and by test/readme.test.ts, which fails when they drift.
//
// Markup (one line before a fenced block, blank lines allowed in between):
//
//   <!-- xcred-example: exit=0 -->          a command block (```sh) run by the tests;
//                                           the ```text block right after it is its output
//   <!-- xcred-example: parse-only=real-exchange -->
//                                           not run (needs a real exchange, installs...):
//                                           each xcred command in it is parsed with the real
//                                           command definitions instead
//   <!-- xcred-file: crypto.env -->         a file (its block's text) that examples can ask for
//
// Attributes of xcred-example (space-separated):
//   exit=N or exit=N,N,...   exit status of the last command (the others must exit 0),
//                            or one per command; default 0
//   parse-only=WHY           see above
//   env=emulator             the environment also holds what `xcred emulator` prints
//                            (base URLs and demo keys of a running emulator)
//   files=a.env,b.env        these xcred-file blocks are in the working directory
//   interrupt=MS             send Ctrl-C (SIGINT) after MS milliseconds (the emulator)
//   signs-now                the example signs with the current time: its ms timestamps and
//                            signatures are masked too (everywhere else they are compared)
//   output=none              no output block
//
// Every example runs in a fresh sandbox: an empty working directory (plus its
// files), its own HOME, `xcred` on PATH (this checkout's bin/xcred.cjs),
// NO_COLOR=1 and COLUMNS=100, XCRED_IP_SERVICES pointing at a running
// emulator's IP echo, and HTTPS_PROXY/HTTP_PROXY set to a dead local port
// (NO_PROXY=127.0.0.1,localhost) so nothing can reach the internet. ```js
// blocks run with node, with `xcred` resolving to this checkout.

import { sandboxEnv } from './sandbox-env.mjs';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const README = join(ROOT, 'README.md');
const BIN = join(ROOT, 'bin', 'xcred.cjs');

const MARKER = /^<!--\s*xcred-(example|file):\s*(.*?)\s*-->\s*$/;
const COMMAND_LANGS = new Set(['sh', 'bash', 'shell', 'console', 'yaml', 'yml', 'js', 'mjs', 'cjs']);

/** Attributes of a marker: key=value pairs and bare flags. */
function parseAttrs(text) {
  const attrs = {};
  for (const m of text.matchAll(/([a-z-]+)(?:=("[^"]*"|\S+))?/g)) attrs[m[1]] = m[2] === undefined ? true : m[2].replace(/^"|"$/g, '');
  return attrs;
}

/**
 * Every fenced block of the README with its marker, and for each example its
 * output block. Line numbers are 1-based.
 */
export function parseReadme(text) {
  const lines = text.split('\n');
  const blocks = [];
  let pending = null;
  for (let i = 0; i < lines.length; i++) {
    const marker = MARKER.exec(lines[i]);
    if (marker) {
      pending = { kind: marker[1], attrs: marker[1] === 'example' ? parseAttrs(marker[2]) : { name: marker[2] }, line: i + 1 };
      continue;
    }
    const fence = /^```(\S*)\s*$/.exec(lines[i]);
    if (!fence) {
      if (lines[i].trim() !== '') pending = null;
      continue;
    }
    const start = i;
    let end = i + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    blocks.push({ lang: fence[1], start: start + 1, end: end + 1, text: lines.slice(start + 1, end).join('\n'), marker: pending });
    pending = null;
    i = end;
  }
  const files = {};
  const examples = [];
  const orphans = [];
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b];
    if (block.marker?.kind === 'file') {
      files[block.marker.attrs.name] = block.text + '\n';
      continue;
    }
    if (block.marker?.kind === 'example') {
      const next = blocks[b + 1];
      const between = next ? lines.slice(block.end, next.start - 1).every((l) => l.trim() === '') : false;
      const output = next && next.lang === 'text' && !next.marker && between ? next : null;
      examples.push({ ...block, attrs: block.marker.attrs, output });
      if (output) b++;
      continue;
    }
    if (COMMAND_LANGS.has(block.lang) || block.lang === 'text') orphans.push(block);
  }
  return { lines, examples, files, orphans };
}

/** Logical commands of a shell block: continuation lines joined, comment-only and blank lines left out. */
export function shellCommands(code) {
  const out = [];
  let current = null;
  for (const line of code.split('\n')) {
    if (current === null && (line.trim() === '' || line.trim().startsWith('#'))) continue;
    current = current === null ? line : `${current}\n${line}`;
    if (!/\\\s*$/.test(line)) {
      out.push(current);
      current = null;
    }
  }
  if (current !== null) out.push(current);
  return out;
}

/** Expected exit statuses, one per command. */
export function expectedStatuses(attrs, count) {
  const list = String(attrs.exit ?? '0').split(',').map(Number);
  if (list.length === count) return list;
  return [...Array(count - 1).fill(0), list[list.length - 1]];
}

// --- Masking -------------------------------------------------------------
// What may differ between two runs of the same example, and only that.
// Applied to both the README block and a fresh run before they are compared.
export const MASKS = [
  [/your clock is \d+ ms (ahead of|behind)/g, 'your clock is <offset>'], // which way jitter went
  [/\(\d+\.\d s (ahead|behind), by /g, '(<offset>, by '], // the same, as the proxy's clock check says it
  [/\b\d{2}:\d{2}:\d{2}\.\d{3}\b/g, '<clock>'], // the proxy's time of day
  [/(127\.0\.0\.1|localhost):\d+/g, '$1:<port>'], // ports chosen by the system
  [/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>'], // timestamps
  [/\d{4}-\d{2}-\d{2}/g, '<date>'], // dates (examples use dates relative to today)
  [/\d+(\.\d+)? ms\b/g, '<n> ms'], // timings
  [/\b\d+ days?\b/g, '<n> days'], // ages, which grow by a day every day
  [/xcred:v1:[A-Za-z0-9+/=]+/g, 'xcred:v1:<envelope>'], // random salt and nonce
  [/xcred-emulator-\d+\.pem/g, 'xcred-emulator-<pid>.pem'],
  [/[─━]+/g, '─'], // table borders follow the width of masked values
  [/\s+/g, ' '], // and so do padding and wrapping
];

// For examples marked signs-now only: what the current time changes in a signed request.
export const NOW_MASKS = [
  [/\b1\d{12}\b/g, '<ms>'],
  [/\b[0-9a-f]{64}\b/g, '<signature>'],
];

export function mask(text, attrs = {}) {
  const rules = attrs['signs-now'] ? [...NOW_MASKS, ...MASKS] : MASKS;
  return rules.reduce((t, [re, to]) => t.replace(re, to), text).trim();
}

// --- Running ---------------------------------------------------------------

/** The emulator whose variables `env=emulator` examples get, and whose IP echo every example uses. */
export async function startSandboxEmulator() {
  const child = spawn(process.execPath, [BIN, 'emulator', '--json', '--port', '0'], { env: { PATH: process.env.PATH, NO_COLOR: '1', HOME: tmpdir() }, stdio: ['ignore', 'pipe', 'ignore'] });
  let text = '';
  const info = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`xcred emulator exited (${code}) before it started`)));
    child.stdout.on('data', (d) => {
      text += d;
      // --json is NDJSON: the first line is the start object.
      if (text.includes('\n')) resolve(JSON.parse(text.slice(0, text.indexOf('\n'))));
    });
  });
  const env = Object.fromEntries(info.env.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  return {
    urls: info.urls,
    env,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGINT');
      }),
  };
}

const shq = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

function sandbox(example, files, emulator) {
  const root = mkdtempSync(join(tmpdir(), 'xcred-readme-'));
  const home = join(root, 'home');
  const work = join(root, 'work');
  const bin = join(root, 'bin');
  for (const d of [home, work, bin, join(work, 'node_modules')]) mkdirSync(d, { recursive: true });
  symlinkSync(BIN, join(bin, 'xcred'));
  symlinkSync(ROOT, join(work, 'node_modules', 'xcred'), 'dir');
  for (const name of String(example.attrs.files ?? '').split(',').filter(Boolean)) {
    if (!(name in files)) throw new Error(`README line ${example.start}: files=${name}, but no <!-- xcred-file: ${name} --> block`);
    writeFileSync(join(work, name), files[name], { mode: 0o600 });
  }
  const env = {
    ...sandboxEnv({ bin, home, ipEcho: emulator.urls.ipEcho }),
    ...(example.attrs.env === 'emulator' ? emulator.env : {}),
  };
  return { root, home, work, env };
}

/**
 * Run one example. Resolves to its transcript (what a terminal would show:
 * `$ command` lines when there are several commands, stdout and stderr as
 * they came) and the exit status of each command.
 */
export async function runExample(example, files, emulator) {
  const box = sandbox(example, files, emulator);
  try {
    const isJs = ['js', 'mjs', 'cjs'].includes(example.lang);
    let args;
    let commands;
    if (isJs) {
      const file = join(box.work, example.lang === 'cjs' ? 'example.cjs' : 'example.mjs');
      writeFileSync(file, example.text + '\n');
      commands = ['node example'];
      args = [process.execPath, [file]];
    } else {
      commands = shellCommands(example.text);
      const statusFile = join(box.root, 'statuses');
      const script = [
        `exec 3>${shq(statusFile)}`,
        ...commands.flatMap((cmd) => [
          ...(commands.length > 1 ? [`printf '%s\\n' ${shq('$ ' + cmd)}`] : []),
          `{ ${cmd}\n} 2>&1`,
          'echo $? >&3',
        ]),
      ].join('\n');
      args = ['bash', ['-c', script]];
      box.statusFile = statusFile;
    }
    const child = spawn(args[0], args[1], { cwd: box.work, env: box.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const interrupt = example.attrs.interrupt ? setTimeout(() => process.kill(-child.pid, 'SIGINT'), Number(example.attrs.interrupt)) : null;
    const guard = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), 60_000);
    const code = await new Promise((resolve) => child.on('close', (c) => resolve(c)));
    clearTimeout(guard);
    if (interrupt) clearTimeout(interrupt);
    const statuses = isJs ? [code] : readFileSync(box.statusFile, 'utf8').trim().split('\n').filter(Boolean).map(Number);
    const transcript = out
      .split(box.home).join('~')
      .split(box.work + '/').join('')
      .replace(/\n+$/, '');
    return { commands, statuses, transcript };
  } finally {
    rmSync(box.root, { recursive: true, force: true });
  }
}

/** The README with each example's output block replaced by (or given) `outputs[i]`. */
export function withOutputs(parsed, outputs) {
  const lines = [...parsed.lines];
  // From the bottom up, so earlier line numbers stay valid.
  const edits = parsed.examples.map((ex, i) => ({ ex, text: outputs[i] })).filter((e) => e.text !== undefined).reverse();
  for (const { ex, text } of edits) {
    const block = ['```text', ...text.split('\n'), '```'];
    if (ex.output) lines.splice(ex.output.start - 1, ex.output.end - ex.output.start + 1, ...block);
    else lines.splice(ex.end, 0, '', ...block);
  }
  return lines.join('\n');
}

/** Run examples with a few at a time: the machine is shared. */
export async function runAll(examples, files, emulator, concurrency = 3) {
  const results = new Array(examples.length);
  let next = 0;
  const worker = async () => {
    while (next < examples.length) {
      const i = next++;
      results[i] = await runExample(examples[i], files, emulator);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

export const runnable = (ex) => !ex.attrs['parse-only'];
export const hasOutput = (ex) => runnable(ex) && ex.attrs.output !== 'none';

// --- Parsing commands out of a block -----------------------------------------

/**
 * Every xcred invocation in a block of shell (or the `run:` lines of a YAML
 * workflow), as argv arrays, the way the shell would split them: quotes
 * removed, redirections and comments left out, `$(...)` searched too (and
 * standing for one word where it is used).
 */
export function xcredInvocations(code) {
  const found = [];
  scan(code.replace(/\\\n/g, ' '), found);
  return found;
}

function scan(text, found) {
  let words = [];
  let word = null;
  let skipNext = false; // the word after a redirection
  const endWord = () => {
    if (word !== null) {
      if (skipNext) skipNext = false;
      else words.push(word);
    }
    word = null;
  };
  const endCommand = () => {
    endWord();
    // Leading VAR=value assignments belong to the shell, not to the command.
    const start = words.findIndex((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
    const cmd = start < 0 ? [] : words.slice(start);
    if (cmd[0] === 'xcred') found.push(cmd.slice(1));
    else if (cmd[0] === 'node' && /(^|\/)bin\/xcred\.cjs$/.test(cmd[1] ?? '')) found.push(cmd.slice(2));
    else if (cmd[0] === 'npx' && cmd[1] === 'xcred') found.push(cmd.slice(2));
    words = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      word = (word ?? '') + text.slice(i + 1, close < 0 ? text.length : close);
      i = close < 0 ? text.length : close;
    } else if (c === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length) {
          value += text[j + 1];
          j += 2;
        } else if (text.startsWith('$(', j)) {
          const close = matchingParen(text, j + 1);
          scan(text.slice(j + 2, close), found);
          value += 'SUBSTITUTED';
          j = close + 1;
        } else value += text[j++];
      }
      word = (word ?? '') + value;
      i = j;
    } else if (text.startsWith('$(', i)) {
      const close = matchingParen(text, i + 1);
      scan(text.slice(i + 2, close), found);
      word = (word ?? '') + 'SUBSTITUTED';
      i = close;
    } else if (c === '#' && word === null) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl - 1;
    } else if (c === '\n' || c === ';' || c === '|' || c === '&') {
      if (c === '&' && text[i + 1] === '>') {
        endWord();
        skipNext = true;
        i++;
        continue;
      }
      endCommand();
      if ((c === '|' || c === '&') && text[i + 1] === c) i++;
    } else if (c === '>' || c === '<') {
      // 2>&1, >file, >> file, 2> file
      if (word !== null && /^\d$/.test(word)) word = null;
      endWord();
      if (text[i + 1] === '>') i++;
      if (text[i + 1] === '&') {
        i++;
        while (/\d/.test(text[i + 1] ?? '')) i++;
      } else skipNext = true;
    } else if (c === ' ' || c === '\t') {
      endWord();
    } else if (c === '\\' && i + 1 < text.length) {
      word = (word ?? '') + text[++i];
    } else {
      word = (word ?? '') + c;
    }
  }
  endCommand();
}

function matchingParen(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return text.length;
}
