import { main } from '../cli.js';

// dist/cmd/test-auth.cjs: the CLI with only the code of `xcred test-auth` (bin/xcred.cjs picks it by the command's name).
void main({ 'test-auth': () => import('../commands/test-auth.js') });
