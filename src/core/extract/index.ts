// The extraction step `explain` runs before the knowledge-base lookup.
export { extractErrors } from './scan.js';
export { groupFindings, groupKey, type ErrorGroup } from './group.js';
export type { ExchangeHint, ExtractContext, Extraction, Finding, HtmlPage, PasteFormat } from './types.js';
