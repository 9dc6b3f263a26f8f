import { join } from 'node:path';

/**
 * The environment the README harness and the golden cases run xcred in: a
 * private HOME, xcred first on PATH, no colour, 100 columns, the emulator's IP
 * echo, and proxies that fail loudly if anything tries the internet.
 */
export function sandboxEnv({ bin, home, ipEcho }) {
  return {
    PATH: `${bin}:${process.env.PATH}`,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    NO_COLOR: '1',
    COLUMNS: '100',
    LANG: 'C.UTF-8',
    XCRED_IP_SERVICES: ipEcho,
    HTTPS_PROXY: 'http://127.0.0.1:9',
    HTTP_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '127.0.0.1,localhost',
  };
}
