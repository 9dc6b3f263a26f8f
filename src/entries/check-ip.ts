import { main } from '../cli.js';

// dist/cmd/check-ip.cjs: the CLI with only the code of `xcred check-ip` (bin/xcred.cjs picks it by the command's name).
void main({ 'check-ip': () => import('../commands/check-ip.js') });
