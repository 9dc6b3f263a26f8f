import { main } from '../cli.js';

// dist/cmd/emulator.cjs: the CLI with only the code of `xcred emulator` (bin/xcred.cjs picks it by the command's name).
void main({ emulator: () => import('../commands/emulator.js') });
