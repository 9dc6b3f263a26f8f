import { main } from '../cli.js';

// dist/cmd/encrypt.cjs: the CLI with only the code of `xcred encrypt` (bin/xcred.cjs picks it by the command's name).
void main({ encrypt: () => import('../commands/encrypt.js') });
