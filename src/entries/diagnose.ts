import { main } from '../cli.js';

// dist/cmd/diagnose.cjs: the CLI with only the code of `xcred diagnose` (bin/xcred.cjs picks it by the command's name).
void main({ diagnose: () => import('../commands/diagnose.js') });
