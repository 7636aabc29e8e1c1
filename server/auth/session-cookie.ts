import { decode } from "next-auth/jwt";
import { isAuthSessionLive } from "../persistence/auth-sessions";

/** The session cookie's names: with `__Secure-` when NEXTAUTH_URL is https, without otherwise. */
export const SESSION_COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const rawPart of header.split(";")) {
    const part = rawPart.trim();
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      out.set(name, decodeURIComponent(raw));
    } catch {
      out.set(name, raw);
    }
  }
  return out;
}

/** next-auth splits large tokens into `name.0`, `name.1`, ...; joins them back (or returns the whole one). */
function sessionToken(cookies: Map<string, string>): string | undefined {
  for (const name of SESSION_COOKIE_NAMES) {
    const whole = cookies.get(name);
    if (whole) return whole;
    let joined = "";
    for (let i = 0; cookies.has(`${name}.${i}`); i++) joined += cookies.get(`${name}.${i}`);
    if (joined) return joined;
  }
  return undefined;
}

export interface SessionUser {
  id: string;
  name: string;
  /** The sign-in this cookie belongs to (its AuthSession row). */
  sid: string;
}

/**
 * What a request's session cookie claims, checked cryptographically (signature, expiry) but not against the
 * database: null without a valid token, a subject and a sign-in id. Tokens issued before sign-ins were recorded
 * have no `sid` and prove nothing.
 */
export async function decodeSessionCookie(
  header: string | undefined,
  secret: string,
): Promise<SessionUser | null> {
  const token = sessionToken(parseCookies(header));
  if (!token) return null;
  try {
    const jwt = await decode({ token, secret });
    if (!jwt?.sub || typeof jwt.sid !== "string") return null;
    if (typeof jwt.exp === "number" && jwt.exp * 1000 < Date.now()) return null;
    return { id: jwt.sub, name: typeof jwt.name === "string" ? jwt.name : "", sid: jwt.sid };
  } catch {
    return null;
  }
}

/**
 * The user a request's session cookie proves, or null. This is the same JWT that next-auth issued for the
 * pages, so a socket is exactly as authenticated as the page that opened it; and like the pages, it counts only
 * while its sign-in is live (not signed out, not revoked by "sign out everywhere" or a password change).
 */
export async function userFromCookieHeader(
  header: string | undefined,
  secret: string,
  isLive: (sid: string, userId: string) => Promise<boolean> = isAuthSessionLive,
): Promise<SessionUser | null> {
  const claimed = await decodeSessionCookie(header, secret);
  if (!claimed) return null;
  return (await isLive(claimed.sid, claimed.id)) ? claimed : null;
}

/**
 * Set-Cookie values that delete the session cookie: under both names, and every chunk of it the request
 * carried (next-auth splits large tokens). The attributes match the ones next-auth set it with.
 */
export function expiredSessionCookies(header: string | undefined): string[] {
  const names = new Set(SESSION_COOKIE_NAMES);
  for (const name of parseCookies(header).keys())
    if (SESSION_COOKIE_NAMES.some((n) => name.startsWith(`${n}.`))) names.add(name);
  return [...names].map(
    (name) =>
      `${name}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Lax${name.startsWith("__Secure-") ? "; Secure" : ""}`,
  );
}
