import { decode } from "next-auth/jwt";

const COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

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
  for (const name of COOKIE_NAMES) {
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
}

/**
 * The user a request's session cookie proves, or null. This is the same JWT that next-auth issued for the
 * pages, so a socket is exactly as authenticated as the page that opened it.
 */
export async function userFromCookieHeader(
  header: string | undefined,
  secret: string,
): Promise<SessionUser | null> {
  const token = sessionToken(parseCookies(header));
  if (!token) return null;
  try {
    const jwt = await decode({ token, secret });
    if (!jwt?.sub) return null;
    if (typeof jwt.exp === "number" && jwt.exp * 1000 < Date.now()) return null;
    return { id: jwt.sub, name: typeof jwt.name === "string" ? jwt.name : "" };
  } catch {
    return null;
  }
}
