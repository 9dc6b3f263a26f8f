import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';

// Issue 12, item 1: bin/xcred.cjs runs V8 bytecode from a cache directory.
// V8 checks only the source's length, so a cache file made from another
// script of the same length runs instead of xcred. These tests plant exactly
// such a file (bytecode that prints PWNED) wherever an attacker could.

// `xcred explain` runs from its own bundle (bin/xcred.cjs picks dist/cmd/<command>.cjs), each with its own cache file.
const BUNDLE = fileURLToPath(new URL('../../dist/cmd/explain.cjs', import.meta.url));
const HASH_FILE = fileURLToPath(new URL('../../dist/cmd/explain.sha256', import.meta.url));
const hasCodeCache = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache !== 'function';
const asRoot = process.getuid?.() === 0;

/** V8 cached data for a script of the bundle's length that prints PWNED (made by a plain node: the vitest worker runs with other V8 flags). */
function evilBytecode(): Buffer {
  const out = join(mkdtempSync(join(tmpdir(), 'xcred-evil-')), 'evil.bin');
  const script = `
    const fs = require('fs'), vm = require('vm'), Module = require('module');
    const real = fs.readFileSync(${JSON.stringify(BUNDLE)}, 'utf8');
    const head = "process.stdout.write('PWNED\\\\n'); process.exit(0);";
    const evil = head + '/*' + ' '.repeat(real.length - head.length - 4) + '*/';
    const script = new vm.Script(Module.wrap(evil), { filename: ${JSON.stringify(BUNDLE)}, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
    fs.writeFileSync(${JSON.stringify(out)}, script.createCachedData());`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return readFileSync(out);
}

/** The bin's name for an install's bundle: FNV-1a of its path, 8 hex digits (a name, not a check). */
function pathTag(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The names 0.1.0 and this version give the cache file, and this version's header. */
function cacheNames(): { legacy: string; current: string; header: Buffer } {
  const st = statSync(BUNDLE);
  const hash = existsSync(HASH_FILE) ? readFileSync(HASH_FILE, 'latin1').slice(0, 64) : '0'.repeat(64); // 0.1.0 had none
  return {
    legacy: `cli-${process.version}-${process.arch}-${st.size}-${Math.round(st.mtimeMs)}.v8cache`,
    current: `cmd-explain.${pathTag(BUNDLE)}_${process.version}-${process.arch}-${hash.slice(0, 16)}.v8cache`,
    header: Buffer.concat([Buffer.from('XCRDV8C\u0001', 'latin1'), Buffer.from(hash, 'hex')]),
  };
}

const run = (cacheHome: string) => runCli(['explain', 'mexc', '700002'], { env: { XDG_CACHE_HOME: cacheHome } });

describe.skipIf(!hasCodeCache)('the V8 code cache', () => {
  it('a planted cache in a directory others can write is never run, and nothing is written there', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'xcred-shared-cache-'));
    const dir = join(shared, 'xcred');
    mkdirSync(dir);
    chmodSync(shared, 0o777);
    chmodSync(dir, 0o777);
    const evil = evilBytecode();
    const { legacy, current, header } = cacheNames();
    writeFileSync(join(dir, legacy), evil);
    writeFileSync(join(dir, current), Buffer.concat([header, evil]), { mode: 0o600 });
    chmodSync(join(dir, current), 0o600);
    const before = readdirSync(dir).sort();
    for (let i = 0; i < 2; i++) {
      const r = await run(shared);
      expect(r.stdout).not.toContain('PWNED');
      expect([r.code, r.stdout]).toEqual([0, expect.stringContaining('700002')]);
    }
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(statSync(dir).mode & 0o777).toBe(0o777); // an existing directory is never chmodded
  });

  it.skipIf(!asRoot)('a directory or file of another user is ignored', async () => {
    const evil = evilBytecode();
    const { current, header } = cacheNames();
    // Another user's directory, private to them.
    const theirs = mkdtempSync(join(tmpdir(), 'xcred-their-cache-'));
    mkdirSync(join(theirs, 'xcred'), { mode: 0o700 });
    writeFileSync(join(theirs, 'xcred', current), Buffer.concat([header, evil]), { mode: 0o600 });
    chownSync(join(theirs, 'xcred', current), 65534, 65534);
    chownSync(join(theirs, 'xcred'), 65534, 65534);
    expect((await run(theirs)).stdout).not.toContain('PWNED');
    expect(readdirSync(join(theirs, 'xcred'))).toEqual([current]);
    // Our directory, their file.
    const ours = mkdtempSync(join(tmpdir(), 'xcred-our-cache-'));
    mkdirSync(join(ours, 'xcred'), { mode: 0o700 });
    writeFileSync(join(ours, 'xcred', current), Buffer.concat([header, evil]), { mode: 0o600 });
    chownSync(join(ours, 'xcred', current), 65534, 65534);
    expect((await run(ours)).stdout).not.toContain('PWNED');
  });

  it('in a private directory: a file others can write, a symlink, or a cache of another bundle is ignored and replaced', async () => {
    const evil = evilBytecode();
    const { current, header } = cacheNames();
    const cases: Array<[string, (file: string) => void]> = [
      ['group- and world-writable file', (file) => {
        writeFileSync(file, Buffer.concat([header, evil]));
        chmodSync(file, 0o666);
      }],
      ['symlink to a file', (file) => {
        writeFileSync(`${file}.target`, Buffer.concat([header, evil]), { mode: 0o600 });
        symlinkSync(`${file}.target`, file);
      }],
      ['hard link (two names)', (file) => {
        writeFileSync(`${file}.other`, Buffer.concat([header, evil]), { mode: 0o600 });
        spawnSync('ln', [`${file}.other`, file]);
      }],
      ['cache of another bundle of the same length', (file) => {
        const other = Buffer.from(header);
        other[other.length - 1]! ^= 1; // another bundle's hash
        writeFileSync(file, Buffer.concat([other, evil]), { mode: 0o600 });
      }],
    ];
    for (const [what, plant] of cases) {
      const home = mkdtempSync(join(tmpdir(), 'xcred-cache-'));
      mkdirSync(join(home, 'xcred'), { mode: 0o700 });
      plant(join(home, 'xcred', current));
      const r = await run(home);
      expect(r.stdout, what).not.toContain('PWNED');
      expect(r.code, what).toBe(0);
      // Replaced by this run's own cache, which the next run uses.
      const file = join(home, 'xcred', current);
      expect(statSync(file).mode & 0o777, what).toBe(0o600);
      expect(readFileSync(file).subarray(0, header.length).equals(header), what).toBe(true);
    }
  });

  it('is made in a new 0700 directory, is 0600, and is used (not rewritten) on the next run', async () => {
    const home = mkdtempSync(join(tmpdir(), 'xcred-fresh-cache-'));
    const cacheHome = join(home, 'not', 'yet');
    expect((await run(cacheHome)).code).toBe(0);
    const { current } = cacheNames();
    const file = join(cacheHome, 'xcred', current);
    expect(statSync(join(cacheHome, 'xcred')).mode & 0o777).toBe(0o700);
    expect(statSync(join(home, 'not')).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    expect((await run(cacheHome)).code).toBe(0);
    expect(Math.round(statSync(file).mtimeMs)).toBe(Math.round(old.getTime()));
    expect(existsSync(join(cacheHome, 'xcred'))).toBe(true);
    expect(readdirSync(join(cacheHome, 'xcred'))).toEqual([current]);
  });
});
