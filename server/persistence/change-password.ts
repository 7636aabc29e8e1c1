import { getPrisma } from "../db/client";

/**
 * Stores `passwordHash` for `userId` and, in the same transaction, revokes every other live sign-in of theirs
 * (whoever knew the old password is signed out); `keepSid`, the sign-in that made the change, stays. Returns
 * how many sign-ins were revoked.
 */
export async function changePassword(userId: string, passwordHash: string, keepSid: string): Promise<number> {
  const prisma = getPrisma();
  const [, revoked] = await prisma.$transaction([
    prisma.user.update({ where: { id: userId }, data: { passwordHash }, select: { id: true } }),
    prisma.authSession.updateMany({
      where: { userId, revokedAt: null, id: { not: keepSid } },
      data: { revokedAt: new Date() },
    }),
  ]);
  return revoked.count;
}
