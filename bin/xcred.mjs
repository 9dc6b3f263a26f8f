#!/usr/bin/env node
// Tiny on purpose: start-up is part of the product. Node 22+ caches compiled
// code; on Node 20 enableCompileCache does not exist and this is a no-op.
import module from 'node:module';
module.enableCompileCache?.();
await import('../dist/cli.js');
