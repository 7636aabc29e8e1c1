import { getServerSession } from "next-auth";
import { cache } from "react";
import { getPrisma } from "../db/client";
import { authOptions } from "./options";

export interface CurrentUser {
  id: string;
  name: string;
  email: string;
}

/**
 * The signed-in user for a page or route handler, or null. A token whose user no longer exists counts as signed
 * out. Cached per request: the (app) layout and the page both ask, and the database is asked once.
 */
export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getServerSession(authOptions());
  const id = session?.user?.id;
  if (!id) return null;
  return getPrisma().user.findUnique({ where: { id }, select: { id: true, name: true, email: true } });
});

/** Only same-site paths may be a post-sign-in destination (no open redirects). */
export function safeCallbackPath(value: string | null | undefined, fallback = "/dashboard"): string {
  if (!value?.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}
