import { main } from '../cli.js';

// dist/cmd/fingerprint.cjs: the CLI with only the code of `xcred fingerprint` (bin/xcred.cjs picks it by the command's name).
void main({ fingerprint: () => import('../commands/fingerprint.js') });
