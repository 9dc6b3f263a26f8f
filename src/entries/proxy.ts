import { main } from '../cli.js';

// dist/cmd/proxy.cjs: the CLI with only the code of `xcred proxy` (bin/xcred.cjs picks it by the command's name).
void main({ proxy: () => import('../commands/proxy.js') });
