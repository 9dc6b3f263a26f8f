import { main } from '../cli.js';

// dist/cmd/creds.cjs: the CLI with only the code of `xcred creds` (bin/xcred.cjs picks it by the command's name).
void main({ creds: () => import('../commands/creds.js') });
