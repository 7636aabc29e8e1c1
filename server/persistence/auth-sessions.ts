import { randomBytes } from "node:crypto";
import { getPrisma } from "../db/client";

// The server side of a sign-in. A session cookie is a signed JWT that names its AuthSession row (`sid`); the
// cookie proves who you are only while that row is live: it exists, belongs to the token's user, and has not
// been revoked. Revoking is therefore instant and needs no list of issued tokens.

/** Records a new sign-in for `userId`; returns the id the session cookie carries as `sid`. */
export async function createAuthSession(userId: string): Promise<string> {
  const id = randomBytes(24).toString("base64url"); // 32 characters
  await getPrisma().authSession.create({ data: { id, userId }, select: { id: true } });
  return id;
}

/** Whether the sign-in `sid` of `userId` still stands (one primary-key lookup). */
export async function isAuthSessionLive(sid: string, userId: string): Promise<boolean> {
  const row = await getPrisma().authSession.findUnique({
    where: { id: sid },
    select: { userId: true, revokedAt: true },
  });
  return row !== null && row.userId === userId && row.revokedAt === null;
}

/** Ends one sign-in (sign-out). Idempotent: revoking a revoked session changes nothing. */
export async function revokeAuthSession(sid: string, userId: string): Promise<boolean> {
  const { count } = await getPrisma().authSession.updateMany({
    where: { id: sid, userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count > 0;
}

/** Ends every sign-in of `userId` ("sign out everywhere"); returns how many were live. */
export async function revokeAllAuthSessions(userId: string): Promise<number> {
  const { count } = await getPrisma().authSession.updateMany({
    where: { userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count;
}
