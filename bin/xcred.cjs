#!/usr/bin/env node
'use strict';
// Tiny on purpose: start-up is part of the product.
//  - `--version` (-V, -v) needs no CLI framework at all;
//  - Node 22+ has a built-in compile cache (module.enableCompileCache);
//  - on Node 20 this file does the same thing by hand: it keeps V8's code
//    cache for dist/cli.cjs in a per-user directory. Any problem with the
//    cache (missing, stale, unwritable) silently falls back to a plain require.
const path = require('node:path');
const Module = require('node:module');

const entry = path.join(__dirname, '..', 'dist', 'cli.cjs');
const args = process.argv.slice(2);

if (args.length === 1 && (args[0] === '--version' || args[0] === '-V' || args[0] === '-v')) {
  process.stdout.write(require('../package.json').version + '\n');
} else if (typeof Module.enableCompileCache === 'function' || process.env.XCRED_NO_COMPILE_CACHE) {
  if (typeof Module.enableCompileCache === 'function') Module.enableCompileCache();
  require(entry);
} else {
  runWithCodeCache(entry);
}

function cacheFileFor(size, mtimeMs) {
  const os = require('node:os');
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const key = `${process.version}-${process.arch}-${size}-${Math.round(mtimeMs)}`;
  return { dir: path.join(base, 'xcred'), file: path.join(base, 'xcred', `cli-${key}.v8cache`) };
}

function runWithCodeCache(file) {
  const fs = require('node:fs');
  const vm = require('node:vm');
  let source;
  let cache;
  try {
    const st = fs.statSync(file);
    source = fs.readFileSync(file, 'utf8');
    cache = cacheFileFor(st.size, st.mtimeMs);
  } catch {
    require(file);
    return;
  }
  let cachedData;
  try {
    cachedData = fs.readFileSync(cache.file);
  } catch {}
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    cachedData,
    importModuleDynamically: vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (!cachedData || script.cachedDataRejected) {
    // Written after the command ran, so the functions it used are in the cache too.
    process.once('exit', () => {
      try {
        fs.mkdirSync(cache.dir, { recursive: true, mode: 0o700 });
        const tmp = `${cache.file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(tmp, cache.file);
        // Caches of earlier builds or Node versions are useless now: remove them.
        for (const name of fs.readdirSync(cache.dir)) {
          const old = path.join(cache.dir, name);
          if (name.startsWith('cli-') && name.endsWith('.v8cache') && old !== cache.file) fs.rmSync(old, { force: true });
        }
      } catch {}
    });
  }
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
}
