export interface GeneratedLog {
  text: string;
  lines: number;
  /** What a reader must find, by error: "700003", "http-403", "binance"... */
  expected: Record<string, { count: number; firstLine: number; lastLine: number }>;
}
export function generateBotLog(opts?: { bytes?: number; seed?: number }): GeneratedLog;
