import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allApis } from '../../src/exchanges/registry.js';

// One exchange API, one folder: nothing outside src/exchanges/ may switch on
// an exchange by name, and the registry loads nothing but facts at start-up.

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const outside = sources(SRC).filter((p) => !relative(SRC, p).startsWith('exchanges/'));
const names = [...new Set(allApis().flatMap((f) => [f.id, f.exchange, f.credentialGroup]))];

describe('one folder per exchange API', () => {
  it('outside src/exchanges/, no code names an exchange or API id in a string', () => {
    const hits: string[] = [];
    for (const file of outside) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (/^\s*(\/\/|\*|\/\*)/.test(line)) return; // comments may name exchanges
        for (const n of names) {
          if (new RegExp(`['"\`]${n}['"\`]`).test(line)) hits.push(`${relative(SRC, file)}:${i + 1}: ${line.trim()}`);
        }
      });
    }
    expect(hits).toEqual([]);
  });

  it('outside src/exchanges/, nothing imports an exchange folder: only the registry and the contract', () => {
    const hits = outside.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/from '([^']*exchanges\/[^']+)'/g)]
        .map((m) => m[1]!)
        .filter((spec) => !/exchanges\/(registry|contract)\.js$/.test(spec))
        .map((spec) => `${relative(SRC, file)} imports ${spec}`),
    );
    expect(hits).toEqual([]);
  });

  it('the registry loads only facts at start-up; the rest of each folder loads on first use', () => {
    const registry = readFileSync(join(SRC, 'exchanges/registry.ts'), 'utf8');
    const statics = [...registry.matchAll(/^import (?!type)[^;]*from '([^']+)'/gm)].map((m) => m[1]!);
    for (const spec of statics) expect(spec).toMatch(/^(\.\.\/errors\.js|\.\/[a-z0-9-]+\/facts\.js)$/);
    for (const f of allApis()) expect(registry).toContain(`import('./${f.id}/index.js')`);
  });

  it('every registered API has its folder', () => {
    for (const f of allApis()) expect(statSync(join(SRC, 'exchanges', f.id)).isDirectory()).toBe(true);
  });
});
