export type Status = 'pass' | 'warn' | 'fail' | 'skip' | 'error';

// Glyphs carry the meaning, colour only decorates: output reads the same with NO_COLOR.
export const GLYPH: Record<Status, string> = { pass: '✓', warn: '!', fail: '✗', skip: '-', error: '?' };
