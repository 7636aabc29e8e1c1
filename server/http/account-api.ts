import type { IncomingMessage, ServerResponse } from "node:http";
import { passwordWeakness, type TApiError, ZChangePassword } from "../../lib/auth/schemas";
import { describeWait } from "../../lib/limits/rate-limit";
import { hashPassword, verifyPassword } from "../auth/passwords";
import { limiters } from "../auth/rate-limits";
import {
  decodeSessionCookie,
  expiredSessionCookies,
  type SessionUser,
  userFromCookieHeader,
} from "../auth/session-cookie";
import { getPrisma } from "../db/client";
import { revokeAllAuthSessions, revokeAuthSession } from "../persistence/auth-sessions";
import { changePassword } from "../persistence/change-password";
import type { SessionSockets } from "../realtime/io";
import { readJson, sendJson, setRetryAfter } from "./json";
import { Router } from "./router";

const MAX_BODY = 4_096;

export const PASSWORD_CHANGE_ERRORS = {
  wrong: "That is not your current password.",
  noPassword: "Your account signs in with GitHub or Google, so it has no password to change.",
  limited: (wait: string) => `Too many wrong passwords. Try again in ${wait}.`,
} as const;

export interface AccountDeps {
  secret: string;
  sockets: SessionSockets;
}

/** Sends `{error:{code,message,field}}`. */
function fail(res: ServerResponse, status: number, code: string, message: string, field?: string): void {
  const body: TApiError = { error: { code, message, ...(field ? { field } : {}) } };
  sendJson(res, status, body);
}

/**
 * Sign-out, seen by the server process on its way to next-auth (which then clears the cookie): revokes the
 * cookie's sign-in and disconnects its sockets, so a copy of the cookie taken earlier is worthless. Whatever the
 * outcome, the request goes on to next-auth. (Cross-site requests never get here: server/app.ts refuses them.)
 */
export async function endSessionOnSignOut(req: IncomingMessage, deps: AccountDeps): Promise<void> {
  const claimed = await decodeSessionCookie(req.headers.cookie, deps.secret);
  if (!claimed) return;
  await revokeAuthSession(claimed.sid, claimed.id);
  deps.sockets.endSession(claimed.sid);
}

/** One request to the account API, from a signed-in person. */
interface AccountCall {
  req: IncomingMessage;
  res: ServerResponse;
  user: SessionUser;
  deps: AccountDeps;
}

/**
 * The account API, served by the server process (it can reach every socket). Each handler: parse → check
 * access → call the domain → respond.
 */
const ACCOUNT_API = new Router<AccountCall>({ params: {} })
  .route("POST", "/api/account/signout-everywhere", signOutEverywhere)
  .route("POST", "/api/account/password", changeMyPassword);

/** Serves /api/account and the paths under it; returns false for any other. */
export async function handleAccountApi(
  req: IncomingMessage,
  res: ServerResponse,
  deps: AccountDeps,
): Promise<boolean> {
  const path = new URL(req.url ?? "/", "http://local").pathname;
  if (path !== "/api/account" && !path.startsWith("/api/account/")) return false;

  const user = await userFromCookieHeader(req.headers.cookie, deps.secret);
  if (!user) fail(res, 401, "unauthenticated", "Sign in first.");
  else await ACCOUNT_API.serve({ req, res, user, deps }, req.method ?? "GET", path);
  return true;
}

/** POST /api/account/signout-everywhere → 200 {revoked}: every sign-in of this user ends, this one included. */
async function signOutEverywhere({ req, res, user, deps }: AccountCall): Promise<void> {
  const revoked = await revokeAllAuthSessions(user.id);
  deps.sockets.endUser(user.id);
  res.setHeader("set-cookie", expiredSessionCookies(req.headers.cookie));
  sendJson(res, 200, { revoked });
}

/** POST /api/account/password {currentPassword, newPassword} → 200 {signedOutElsewhere}; this sign-in stays. */
async function changeMyPassword({ req, res, user, deps }: AccountCall): Promise<void> {
  if (req.headers["content-type"]?.split(";")[0]?.trim().toLowerCase() !== "application/json")
    return fail(res, 415, "unsupported_type", "Send the form as JSON (content-type: application/json).");
  const body = await readJson(req, MAX_BODY);
  if (body.tooLarge) return fail(res, 413, "too_large", "The request is too large.");
  if (body.invalid) return fail(res, 400, "bad_json", "The request body must be JSON.");
  const parsed = ZChangePassword.safeParse(body.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(res, 400, "invalid", issue?.message ?? "Check the form.", String(issue?.path[0] ?? "form"));
  }
  const { currentPassword, newPassword } = parsed.data;

  // Wrong current passwords are limited per account, like sign-in failures per email: a stolen cookie must
  // not become a way to guess the password (and then keep the account).
  const failures = limiters().passwordChangeFailuresPerUser;
  const now = Date.now();
  const gate = failures.peek(user.id, now);
  if (!gate.allowed) {
    setRetryAfter(res, gate.retryAfterMs);
    return fail(res, 429, "rate_limited", PASSWORD_CHANGE_ERRORS.limited(describeWait(gate.retryAfterMs)));
  }
  const me = await getPrisma().user.findUnique({
    where: { id: user.id },
    select: { email: true, passwordHash: true },
  });
  if (!me) return fail(res, 401, "unauthenticated", "Your account no longer exists. Sign in again.");
  if (!me.passwordHash) return fail(res, 400, "no_password", PASSWORD_CHANGE_ERRORS.noPassword);
  if (!(await verifyPassword(me.passwordHash, currentPassword))) {
    failures.hit(user.id, now);
    return fail(res, 401, "wrong_password", PASSWORD_CHANGE_ERRORS.wrong, "currentPassword");
  }
  failures.reset(user.id);
  const weak = passwordWeakness(newPassword, me.email);
  if (weak) return fail(res, 400, "invalid", weak, "newPassword");

  const signedOutElsewhere = await changePassword(user.id, await hashPassword(newPassword), user.sid);
  deps.sockets.endUser(user.id, user.sid);
  sendJson(res, 200, { signedOutElsewhere });
}
