import { main } from '../cli.js';

// dist/cmd/explain.cjs: the CLI with only the code of `xcred explain` (bin/xcred.cjs picks it by the command's name).
void main({ explain: () => import('../commands/explain.js') });
