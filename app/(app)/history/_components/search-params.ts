import { z } from "zod";
import { ZRole } from "@/lib/room";

// The history page's URL is its state (linkable, works without JavaScript). Anything unreadable in it falls
// back to "no filter" or page 1 rather than an error page.
const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);

export const ZHistorySearch = z.object({
  role: z.preprocess(one, ZRole.optional()).catch(undefined),
  question: z
    .preprocess(
      one,
      z
        .string()
        .regex(/^[a-z0-9-]{1,64}$/)
        .optional(),
    )
    .catch(undefined),
  page: z.preprocess(one, z.coerce.number().int().min(1)).catch(1),
});
export type THistorySearch = z.infer<typeof ZHistorySearch>;

export function historyHref(s: THistorySearch): string {
  const q = new URLSearchParams();
  if (s.role) q.set("role", s.role);
  if (s.question) q.set("question", s.question);
  if (s.page > 1) q.set("page", String(s.page));
  const query = q.toString();
  return query ? `/history?${query}` : "/history";
}
