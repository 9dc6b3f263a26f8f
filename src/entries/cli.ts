import { main } from '../cli.js';

// dist/cli.cjs: the program without any command's code. bin/xcred.cjs runs it
// for help (`xcred --help`, `xcred help ...`), for usage errors and for
// anything that does not name a command; a command runs from its own bundle
// (src/entries/<command>.ts, dist/cmd/<command>.cjs), which holds only its code.
void main({});
