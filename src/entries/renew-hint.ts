import { main } from '../cli.js';

// dist/cmd/renew-hint.cjs: the CLI with only the code of `xcred renew-hint` (bin/xcred.cjs picks it by the command's name).
void main({ 'renew-hint': () => import('../commands/renew-hint.js') });
