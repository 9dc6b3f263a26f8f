import type { Member } from './literal.js';
import type { PasteFormat } from './types.js';

// What one literal says: its code, message, success flag; how it was written.

export const CODE_KEYS = new Set(['code', 'errorcode', 'error_code', 'errcode', 'err_code', 'retcode', 'ret_code']);
const MESSAGE_KEYS = ['msg', 'message', 'errormessage', 'error_message', 'errmsg', 'err_msg', 'error'];
export const STATUS_KEYS = new Set(['status', 'statuscode', 'status_code', 'httpstatus', 'http_status']);

export interface LiteralRecord {
  code: number | null;
  codeOffset: number | null;
  message: string | null;
  success: boolean | null;
}

export function recordOf(members: Member[]): LiteralRecord {
  let code: number | null = null;
  let codeOffset: number | null = null;
  let success: boolean | null = null;
  const messages = new Map<string, string>();
  let data: string | null = null;
  for (const m of members) {
    const key = m.key.toLowerCase();
    const v = m.value;
    if (code === null && CODE_KEYS.has(key)) {
      if (v.t === 'num' && Number.isSafeInteger(v.v) && !v.raw.includes('.')) code = v.v;
      else if (v.t === 'str' && /^\s*-?\d{1,12}\s*$/.test(v.v)) code = Number(v.v.trim());
      if (code !== null) codeOffset = v.start;
    } else if (key === 'success' && v.t === 'lit' && typeof v.v === 'boolean') success = v.v;
    else if (MESSAGE_KEYS.includes(key) && (v.t === 'str' || v.t === 'bare') && v.v.trim() !== '' && !messages.has(key)) messages.set(key, v.v);
    else if (key === 'data' && v.t === 'str') data = v.v;
  }
  const message = MESSAGE_KEYS.map((k) => messages.get(k)).find((m) => m !== undefined) ?? data;
  return { code, codeOffset, message: cleanMessage(message), success };
}

export function formatOf(members: Member[]): PasteFormat {
  const first = members[0];
  if (!first) return 'json';
  if (first.quote === '"') return 'json';
  if (first.quote === "'") return 'python-repr';
  return first.sep === '=' ? 'java-map' : 'js-inspect';
}

/** Trim what terminals and log boxes add around a message. */
export function cleanMessage(message: string | null): string | null {
  if (message === null) return null;
  const m = message.replace(/[\s|>]+$/, '').trim();
  return m === '' ? null : m.length > 500 ? m.slice(0, 500) + '…' : m;
}

export function ipIn(message: string | null): string | null {
  const m = message ? /IP\s*\[([^\]]{2,64})\]/i.exec(message) : null;
  return m ? m[1]!.trim() : null;
}
