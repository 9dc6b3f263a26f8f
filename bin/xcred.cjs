#!/usr/bin/env node
'use strict';
// Tiny on purpose: start-up is part of the product.
//  - `--version` (-V, -v) needs no CLI framework at all;
//  - each command runs from its own bundle, dist/cmd/<command>.cjs, which
//    holds only that command's code; dist/cli.cjs (the program alone) serves
//    help, usage errors and anything that names no command;
//  - V8's code cache for each bundle saves about a third of xcred's own
//    start-up on Node 20 (scripts/bench-code-cache.mjs). Cached bytecode is
//    code, and V8 checks only the length of the source it was made from, so a
//    cache file is used only when
//      * its directory and the file belong to this user and no one else can
//        write to them (the file opened with O_NOFOLLOW and checked with
//        fstat: a regular file with one link);
//      * it starts with the SHA-256 of these exact bundle bytes, computed when
//        the bundle was built (dist/cli.sha256, dist/cmd/<command>.sha256),
//        not its size or mtime; each bundle has its own cache file.
//    A directory that fails these checks is ignored and nothing is written
//    there; xcred never changes the mode of a directory it did not create.
//    Any other problem falls back to a plain require.
//  - Node 22+ has its own compile cache (module.enableCompileCache): it gets
//    the same checked directory, never a shared default under /tmp.
const path = require('node:path');
const fs = require('node:fs');
// The CommonJS loader's Module class: what require('node:module') returns, without loading that module's extras.
const Module = module.constructor;

const args = process.argv.slice(2);
const entry = bundleFor(args);
const MAGIC = Buffer.from('XCRDV8C\u0001', 'latin1');

// A command's bundle was found on disk by bundleFor; only the fallback, dist/cli.cjs, is unchecked.
if (path.basename(entry) === 'cli.cjs' && !fs.existsSync(entry)) {
  // A clone installed without its build (npm link, a git checkout): one line that says what to do, not a stack trace.
  const message = `not built: ${entry} is missing; run \`npm run build\` in ${path.join(__dirname, '..')} (npm ci and npm pack build it too)`;
  fs.writeSync(2, `xcred: ${message}\n`);
  if (args.includes('--json')) fs.writeSync(1, JSON.stringify({ schemaVersion: 1, ok: false, exitCode: 2, error: { kind: 'usage', message } }, null, 2) + '\n');
  process.exitCode = 2;
} else if (args.length === 1 && (args[0] === '--version' || args[0] === '-V' || args[0] === '-v')) {
  // Straight to fd 1: process.stdout for a pipe costs more than the rest of this file.
  try {
    fs.writeSync(1, require('../package.json').version + '\n');
  } catch {}
} else if (process.env.XCRED_NO_COMPILE_CACHE || typeof process.getuid !== 'function') {
  require(entry);
} else if (Number(process.versions.node.split('.')[0]) >= 22) {
  const { enableCompileCache } = require('node:module');
  const dir = typeof enableCompileCache === 'function' && privateCacheDir(fs);
  if (dir) enableCompileCache(path.join(dir, 'node-compile-cache'));
  require(entry);
} else {
  runWithCodeCache(entry);
}

/**
 * The bundle to run: the named command's own (dist/cmd/<command>.cjs, only
 * its code), else dist/cli.cjs (help, usage errors, anything else). The
 * command is the first word that is not an option, as src/cli.ts reads it.
 */
function bundleFor(argv) {
  const dist = path.join(__dirname, '..', 'dist');
  const name = argv.find((a) => !a.startsWith('-'));
  if (name && /^[a-z][a-z-]*$/.test(name) && name !== 'cli') {
    const file = path.join(dist, 'cmd', `${name}.cjs`);
    if (fs.existsSync(file)) return file;
  }
  return path.join(dist, 'cli.cjs');
}

/** ${XDG_CACHE_HOME:-~/.cache}/xcred, created 0700 when missing; null when it exists but is not private. */
function privateCacheDir(fs) {
  const xdg = process.env.XDG_CACHE_HOME;
  // The XDG spec says to ignore a relative XDG_CACHE_HOME. os.homedir() is $HOME when that is set.
  const home = process.env.HOME && path.isAbsolute(process.env.HOME) ? process.env.HOME : require('node:os').homedir();
  const dir = path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache'), 'xcred');
  try {
    let st = fs.lstatSync(dir, { throwIfNoEntry: false });
    if (!st) {
      const first = fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (first) {
        // Only what this call created (mkdir's mode is filtered by the umask).
        let p = first;
        fs.chmodSync(p, 0o700);
        for (const part of path.relative(first, dir).split(path.sep).filter(Boolean)) fs.chmodSync((p = path.join(p, part)), 0o700);
      }
      st = fs.lstatSync(dir, { throwIfNoEntry: false });
    }
    // A real directory of this user that no one else can write to.
    return st && st.isDirectory() && st.uid === process.getuid() && (st.mode & 0o022) === 0 ? dir : null;
  } catch {
    return null;
  }
}

/** The bundle's SHA-256 recorded at build time (dist/.../<bundle>.sha256), if it still describes the bundle on disk. */
function bundleHash(fs, file, size) {
  const m = /^([0-9a-f]{64}) (\d+)\n?$/.exec(fs.readFileSync(file.replace(/\.cjs$/, '.sha256'), 'latin1'));
  return m && Number(m[2]) === size ? Buffer.from(m[1], 'hex') : null;
}

/** The V8 data in file when it is private to this user and made from the bundle with this hash; otherwise undefined. */
function readCache(fs, file, hash) {
  let fd;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.uid !== process.getuid() || (st.mode & 0o022) !== 0 || st.nlink !== 1) return undefined;
    if (st.size <= MAGIC.length + 32 || st.size > 64 * 1024 * 1024) return undefined;
    const data = Buffer.alloc(st.size);
    let off = 0;
    while (off < data.length) {
      const n = fs.readSync(fd, data, off, data.length - off, off);
      if (n === 0) return undefined;
      off += n;
    }
    if (!data.subarray(0, MAGIC.length).equals(MAGIC) || !data.subarray(MAGIC.length, MAGIC.length + 32).equals(hash)) return undefined;
    return data.subarray(MAGIC.length + 32);
  } finally {
    fs.closeSync(fd);
  }
}

function writeCache(fs, dir, file, label, hash, v8data) {
  const tmp = `${file}.${process.pid}.${require('node:crypto').randomBytes(6).toString('hex')}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeSync(fd, Buffer.concat([MAGIC, hash, v8data]));
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch {
    fs.rmSync(tmp, { force: true });
    return;
  }
  // This bundle's caches of earlier builds or Node versions are useless now: remove them (ours only).
  const prefix = `${label}_`;
  for (const name of fs.readdirSync(dir)) {
    const old = path.join(dir, name);
    if (old === file || !name.startsWith(prefix) || !/\.v8cache(\.\d+\.[0-9a-f]+\.tmp)?$/.test(name)) continue;
    const st = fs.lstatSync(old, { throwIfNoEntry: false });
    if (st && st.isFile() && st.uid === process.getuid()) fs.rmSync(old, { force: true });
  }
}

/** 8 hex digits naming a path (FNV-1a: a name, not a check; the check is the bundle's SHA-256). */
function pathTag(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

function runWithCodeCache(file) {
  const vm = require('node:vm');
  let source;
  let hash;
  let dir;
  try {
    const bytes = fs.readFileSync(file);
    // The build keeps bundles ASCII (tsup.config.ts): read as such, without decoding.
    source = require('node:buffer').isAscii(bytes) ? bytes.latin1Slice() : bytes.toString('utf8');
    hash = bundleHash(fs, file, bytes.length);
    dir = hash && privateCacheDir(fs);
  } catch {
    dir = null;
  }
  if (!dir) {
    require(file);
    return;
  }
  // One cache per bundle and install: cmd-sign.1a2b3c4d_… for dist/cmd/sign.cjs, cli.…_… for dist/cli.cjs.
  // The install (the bundle's path, hashed) is in the name so that two checkouts or versions used side by
  // side each keep theirs: a new build replaces only its own install's older caches.
  const label = `${path.basename(path.dirname(file)) === 'cmd' ? 'cmd-' : ''}${path.basename(file, '.cjs')}.${pathTag(file)}`;
  const cacheFile = path.join(dir, `${label}_${process.version}-${process.arch}-${hash.toString('hex').slice(0, 16)}.v8cache`);
  const cachedData = readCache(fs, cacheFile, hash);
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (!cachedData || script.cachedDataRejected) {
    // Written after the command ran, so the functions it used are in the cache too.
    process.once('exit', () => {
      try {
        writeCache(fs, dir, cacheFile, label, hash, script.createCachedData());
      } catch {}
    });
  }
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
}
