#!/usr/bin/env node
'use strict';
// Tiny on purpose: start-up is part of the product.
//  - `--version` (-V, -v) needs no CLI framework at all;
//  - V8's code cache for dist/cli.cjs saves about a third of xcred's own
//    start-up on Node 20 (scripts/bench-code-cache.mjs). Cached bytecode is
//    code, and V8 checks only the length of the source it was made from, so a
//    cache file is used only when
//      * its directory and the file belong to this user and no one else can
//        write to them (the file opened with O_NOFOLLOW and checked with
//        fstat: a regular file with one link);
//      * it starts with the SHA-256 of these exact bundle bytes, computed when
//        the bundle was built (dist/cli.sha256), not its size or mtime.
//    A directory that fails these checks is ignored and nothing is written
//    there; xcred never changes the mode of a directory it did not create.
//    Any other problem falls back to a plain require.
//  - Node 22+ has its own compile cache (module.enableCompileCache): it gets
//    the same checked directory, never a shared default under /tmp.
const path = require('node:path');
const Module = require('node:module');

const entry = path.join(__dirname, '..', 'dist', 'cli.cjs');
const args = process.argv.slice(2);
const MAGIC = Buffer.from('XCRDV8C\u0001', 'latin1');

if (args.length === 1 && (args[0] === '--version' || args[0] === '-V' || args[0] === '-v')) {
  process.stdout.write(require('../package.json').version + '\n');
} else if (process.env.XCRED_NO_COMPILE_CACHE || typeof process.getuid !== 'function') {
  require(entry);
} else if (typeof Module.enableCompileCache === 'function') {
  const dir = privateCacheDir(require('node:fs'));
  if (dir) Module.enableCompileCache(path.join(dir, 'node-compile-cache'));
  require(entry);
} else {
  runWithCodeCache(entry);
}

/** True when dir is a real directory of this user that no one else can write to. */
function isPrivateDir(fs, dir) {
  const st = fs.lstatSync(dir, { throwIfNoEntry: false });
  return Boolean(st) && st.isDirectory() && st.uid === process.getuid() && (st.mode & 0o022) === 0;
}

/** ${XDG_CACHE_HOME:-~/.cache}/xcred, created 0700 when missing; null when it exists but is not private. */
function privateCacheDir(fs) {
  const os = require('node:os');
  const xdg = process.env.XDG_CACHE_HOME;
  // The XDG spec says to ignore a relative XDG_CACHE_HOME.
  const dir = path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache'), 'xcred');
  try {
    if (!fs.lstatSync(dir, { throwIfNoEntry: false })) {
      const first = fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (first) {
        // Only what this call created (mkdir's mode is filtered by the umask).
        let p = first;
        fs.chmodSync(p, 0o700);
        for (const part of path.relative(first, dir).split(path.sep).filter(Boolean)) fs.chmodSync((p = path.join(p, part)), 0o700);
      }
    }
    return isPrivateDir(fs, dir) ? dir : null;
  } catch {
    return null;
  }
}

/** The bundle's SHA-256 recorded at build time, if it still describes the bundle on disk. */
function bundleHash(fs, size) {
  const m = /^([0-9a-f]{64}) (\d+)\n?$/.exec(fs.readFileSync(path.join(path.dirname(entry), 'cli.sha256'), 'latin1'));
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

function writeCache(fs, dir, file, hash, v8data) {
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
  // Caches of earlier builds or Node versions are useless now: remove them (ours only).
  for (const name of fs.readdirSync(dir)) {
    const old = path.join(dir, name);
    if (old === file || !/^cli-.*\.v8cache(\.\d+\.[0-9a-f]+\.tmp)?$/.test(name)) continue;
    const st = fs.lstatSync(old, { throwIfNoEntry: false });
    if (st && st.isFile() && st.uid === process.getuid()) fs.rmSync(old, { force: true });
  }
}

function runWithCodeCache(file) {
  const fs = require('node:fs');
  const vm = require('node:vm');
  let source;
  let hash;
  let dir;
  try {
    source = fs.readFileSync(file, 'utf8');
    hash = bundleHash(fs, Buffer.byteLength(source, 'utf8'));
    dir = hash && privateCacheDir(fs);
  } catch {
    dir = null;
  }
  if (!dir) {
    require(file);
    return;
  }
  const cacheFile = path.join(dir, `cli-${process.version}-${process.arch}-${hash.toString('hex').slice(0, 16)}.v8cache`);
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
        writeCache(fs, dir, cacheFile, hash, script.createCachedData());
      } catch {}
    });
  }
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
}
