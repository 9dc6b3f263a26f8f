import { main } from '../cli.js';

// dist/cmd/sign.cjs: the CLI with only the code of `xcred sign` (bin/xcred.cjs picks it by the command's name).
void main({ sign: () => import('../commands/sign.js') });
