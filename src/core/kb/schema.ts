import { z } from 'zod';

import { CATEGORIES } from './categories.js';

export { CATEGORIES, INDETERMINATE_CATEGORIES, type Category } from './categories.js';

export const Likelihood = z.enum(['high', 'medium', 'low']);
export type Likelihood = z.infer<typeof Likelihood>;

/** Where a fact comes from: a documentation URL, or an issue/PR/code reference ("ccxt/ccxt#14474"). */
export const Source = z.string().min(5);

export const CauseSchema = z.object({
  cause: z.string().min(3),
  likelihood: Likelihood,
  confirm: z.string().min(3),
  /** What kind of problem this cause is: the enum diagnose uses, so no reader parses wording. */
  category: z.enum(CATEGORIES),
  /** Evidence for the cause and its rank (public threads, docs). */
  sources: z.array(Source).optional(),
  /** Live message texts that point at this cause rather than the others (MEXC 400 "api key required" vs "start time..."). */
  messages: z.array(z.string().min(1)).optional(),
});
export type Cause = z.infer<typeof CauseSchema>;

export const EntrySchema = z.object({
  code: z.number().int(),
  /** Official name (Crypto.com's UNAUTHORIZED...) when there is one. */
  name: z.string().optional(),
  /** The official message as the docs give it. */
  message: z.string().min(1),
  /** Messages seen live that differ from the docs. */
  liveMessages: z.array(z.string()),
  httpStatus: z.array(z.number().int().min(100).max(599)).min(1),
  /** The category of the most likely cause; each cause carries its own. */
  category: z.enum(CATEGORIES),
  meaning: z.string().min(10),
  causes: z.array(CauseSchema).min(1),
  fixes: z.array(z.string().min(3)).min(1),
  retryable: z.boolean(),
  docs: z.url(),
  /** Where the code and its texts come from: the official table, or the public threads that show it live. */
  sources: z.array(Source).min(1),
  /** xcred commands worth running next. */
  related: z.array(z.string()),
  /** What the sources leave uncertain, said in the output. */
  uncertain: z.string().optional(),
});
export type KbEntry = z.infer<typeof EntrySchema>;

export const KbSchema = z
  .array(EntrySchema)
  .superRefine((entries, ctx) => {
    const seen = new Set<number>();
    for (const e of entries) {
      if (seen.has(e.code)) ctx.addIssue({ code: 'custom', message: `duplicate code ${e.code}` });
      seen.add(e.code);
    }
  });

/** One status, a class ("5xx"), or any status (also: status unknown, e.g. an HTML page pasted alone). */
export const HttpStatusMatch = z.union([z.number().int().min(100).max(599), z.enum(['4xx', '5xx', 'any'])]);

/**
 * What an HTTP status means at one exchange API when the body carries no
 * error code: data in each exchange folder, because the same status means
 * different things (a Crypto.com 500 is often an order rejection, a MEXC 403
 * is its CDN's firewall).
 */
export const HttpMeaningSchema = z.object({
  status: z.array(HttpStatusMatch).min(1),
  /** What came with it: an HTML page (CDN, WAF or proxy), a JSON body without a code, no body, or anything. */
  body: z.enum(['html', 'json', 'none', 'any']),
  title: z.string().min(3),
  category: z.enum(CATEGORIES),
  meaning: z.string().min(10),
  causes: z.array(CauseSchema).min(1),
  fixes: z.array(z.string().min(3)).min(1),
  retryable: z.boolean(),
  /** True when this answer says nothing about the key ("could not tell"). */
  saysNothingAboutKey: z.boolean(),
  sources: z.array(Source).min(1),
  uncertain: z.string().optional(),
});
export type HttpMeaning = z.infer<typeof HttpMeaningSchema>;

export const HttpTableSchema = z.array(HttpMeaningSchema).min(1);
