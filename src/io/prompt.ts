import { createInterface } from 'node:readline/promises';
import { InputError } from '../errors.js';

/** A hidden prompt on the terminal (stderr), for secrets and passphrases. */
export function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) return Promise.reject(new InputError(`${question.replace(/:\s*$/, '')}: no terminal to ask on; pipe it in instead`));
  return new Promise((resolve, reject) => {
    process.stderr.write(question);
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new InputError('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** A yes/no question on the terminal (asked on stderr); anything but y/yes is no. */
export async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new InputError(`${question.replace(/\s*\[y\/N\]\s*$/, '')}: no terminal to ask on`);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(question);
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    rl.close();
  }
}
