import { main } from '../cli.js';

// dist/cmd/decrypt.cjs: the CLI with only the code of `xcred decrypt` (bin/xcred.cjs picks it by the command's name).
void main({ encrypt: () => import('../commands/encrypt.js') });
