import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { ZSignIn } from "../../lib/auth/schemas";
import { describeWait } from "../../lib/limits/rate-limit";
import { CLIENT_IP_HEADER } from "../constants";
import { errorFields, log } from "../log";
import { createAuthSession, isAuthSessionLive, revokeAuthSession } from "../persistence/auth-sessions";
import { findUserByEmail } from "../persistence/find-user-by-email";
import { linkOAuthAccount } from "../persistence/link-oauth-account";
import { verifyPassword } from "./passwords";
import { limiters } from "./rate-limits";

export const SIGN_IN_ERRORS = {
  invalid: "Enter your email address and password.",
  wrong: "That email and password don't match an account.",
  limited: (wait: string) => `Too many sign-in attempts. Try again in ${wait}.`,
} as const;

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const v = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Checks a password sign-in against the rate limits and the database. Throws a message for the form. */
export async function authorizeCredentials(raw: unknown, ip: string, now = Date.now()) {
  const parsed = ZSignIn.safeParse(raw);
  if (!parsed.success) throw new Error(SIGN_IN_ERRORS.invalid);
  const { email, password } = parsed.data;
  const l = limiters();

  const attempt = l.signInAttemptsPerIp.hit(ip, now);
  const byEmail = l.signInFailuresPerEmail.peek(email, now);
  const byIp = l.signInFailuresPerIp.peek(ip, now);
  const blocked = [attempt, byEmail, byIp].find((d) => !d.allowed);
  if (blocked) throw new Error(SIGN_IN_ERRORS.limited(describeWait(blocked.retryAfterMs)));

  const user = await findUserByEmail(email);
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!user || !ok) {
    l.signInFailuresPerEmail.hit(email, now);
    l.signInFailuresPerIp.hit(ip, now);
    throw new Error(SIGN_IN_ERRORS.wrong);
  }
  l.signInFailuresPerEmail.reset(email);
  return { id: user.id, name: user.name, email: user.email };
}

/** OAuth providers are on when their ids are configured. */
export function oauthProviders(env: Record<string, string | undefined> = process.env) {
  const out = [];
  if (env.GITHUB_ID && env.GITHUB_SECRET)
    out.push(GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET }));
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET)
    out.push(GoogleProvider({ clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET }));
  return out;
}

/** A token whose sign-in was signed out or revoked (or predates recorded sign-ins): an expected end, not a fault. */
const SESSION_ENDED = "SessionEndedError";
class SessionEndedError extends Error {
  constructor() {
    super("This session has ended.");
    this.name = SESSION_ENDED;
  }
}

let cached: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  cached ??= {
    secret: process.env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        authorize: (credentials, req) =>
          authorizeCredentials(credentials, headerValue(req?.headers, CLIENT_IP_HEADER) ?? "unknown"),
      }),
      ...oauthProviders(),
    ],
    callbacks: {
      async jwt({ token, user, account, profile }) {
        if (account && account.provider !== "credentials") {
          const email = (profile?.email ?? user?.email ?? "").toLowerCase();
          if (!email) throw new Error("The provider did not share an email address.");
          const linked = await linkOAuthAccount({
            provider: account.provider,
            providerAccountId: account.providerAccountId,
            email,
            name: (profile?.name ?? user?.name ?? email.split("@")[0]) as string,
            image: user?.image,
          });
          token.sub = linked.id;
          token.name = linked.name;
          token.email = linked.email;
        } else if (user) {
          token.sub = user.id;
          token.name = user.name;
          token.email = user.email;
        }
        // A sign-in (credentials or OAuth) records a session row; every later read of the token needs it live.
        if (user && token.sub) {
          token.sid = await createAuthSession(token.sub);
          return token;
        }
        const live =
          typeof token.sid === "string" && !!token.sub && (await isAuthSessionLive(token.sid, token.sub));
        // next-auth answers a throw here with an empty session and a cleared cookie (getServerSession: null).
        if (!live) throw new SessionEndedError();
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) session.user.id = token.sub;
        return session;
      },
    },
    events: {
      // The server process already revoked it on the way in (server/http/account-api.ts, with the sockets);
      // this covers a sign-out that reaches next-auth another way.
      async signOut({ token }) {
        if (typeof token?.sid === "string" && token.sub) await revokeAuthSession(token.sid, token.sub);
      },
    },
    logger: {
      error(code, metadata) {
        // By name: Next may bundle this module twice (pages, route handlers), and next-auth's logger is global.
        if (metadata instanceof Error && metadata.name === SESSION_ENDED) {
          log.info("session not live", { code });
          return;
        }
        const err = metadata instanceof Error ? metadata : metadata.error;
        log.error("next-auth error", {
          code,
          ...(err instanceof Error ? errorFields(err) : { detail: metadata }),
        });
      },
      warn(code) {
        log.warn("next-auth warning", { code });
      },
    },
  };
  return cached;
}
