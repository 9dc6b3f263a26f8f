import { z } from 'zod';

import { CATEGORIES } from './categories.js';

export { CATEGORIES, INDETERMINATE_CATEGORIES, type Category } from './categories.js';

export const Likelihood = z.enum(['high', 'medium', 'low']);
export type Likelihood = z.infer<typeof Likelihood>;

export const CauseSchema = z.object({
  cause: z.string().min(3),
  likelihood: Likelihood,
  confirm: z.string().min(3),
});

export const EntrySchema = z.object({
  code: z.number().int(),
  /** Official name (Crypto.com's UNAUTHORIZED...) when there is one. */
  name: z.string().optional(),
  /** The official message as the docs give it. */
  message: z.string().min(1),
  /** Messages seen live that differ from the docs. */
  liveMessages: z.array(z.string()),
  httpStatus: z.array(z.number().int().min(100).max(599)).min(1),
  category: z.enum(CATEGORIES),
  meaning: z.string().min(10),
  causes: z.array(CauseSchema).min(1),
  fixes: z.array(z.string().min(3)).min(1),
  retryable: z.boolean(),
  docs: z.url(),
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
