import { fstatSync } from 'node:fs';

// Whether stdout or stderr is a terminal, and how wide, without creating
// process.stdout or process.stderr when they are not one. Node builds those
// streams on first use, and for a pipe that means a net.Socket with node:net
// and the stream machinery (~5 ms of a 45 ms start). A pipe, a file or a
// socket is never a terminal, and fstat says which one an fd is; only a
// character device (a terminal, or /dev/null) is asked through the stream.

export interface TerminalInfo {
  isTTY: boolean;
  columns?: number;
}

const known = new Map<1 | 2, TerminalInfo>();

/** isTTY and columns of fd 1 (stdout) or 2 (stderr), in the shape outputWidth() and wantsColor() take. */
export function terminalInfo(fd: 1 | 2): TerminalInfo {
  let info = known.get(fd);
  if (!info) {
    let charDevice = false;
    try {
      charDevice = fstatSync(fd).isCharacterDevice();
    } catch {
      // A closed fd: not a terminal (what is written there is lost, as with Node's own streams).
    }
    const stream = charDevice ? (fd === 1 ? process.stdout : process.stderr) : null;
    info = stream?.isTTY ? { isTTY: true, columns: stream.columns } : { isTTY: false };
    known.set(fd, info);
  }
  return info;
}
