import { getPrisma } from "../db/client";
import { newInviteToken } from "./create-room";

/** Share links per session and person: enough for "one for my mentor, one for my study group", bounded. */
export const MAX_SHARES_PER_PERSON = 10;

export interface ShareLink {
  id: string;
  token: string;
  createdAt: Date;
}

export async function listShares(roomId: string, userId: string): Promise<ShareLink[]> {
  return getPrisma().sessionShare.findMany({
    where: { roomId, createdById: userId, revokedAt: null },
    select: { id: true, token: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
}

/** A new share link, or null when the person already has the maximum of live links for this session. */
export async function createShare(roomId: string, userId: string): Promise<ShareLink | null> {
  const prisma = getPrisma();
  return prisma.$transaction(async (tx) => {
    const live = await tx.sessionShare.count({ where: { roomId, createdById: userId, revokedAt: null } });
    if (live >= MAX_SHARES_PER_PERSON) return null;
    return tx.sessionShare.create({
      data: { roomId, createdById: userId, token: newInviteToken() },
      select: { id: true, token: true, createdAt: true },
    });
  });
}

/** Revokes one of the person's own links; false when there is no such live link. */
export async function revokeShare(roomId: string, userId: string, shareId: string): Promise<boolean> {
  const r = await getPrisma().sessionShare.updateMany({
    where: { id: shareId, roomId, createdById: userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return r.count === 1;
}

/** The session a live share link opens, or null for unknown and revoked links (indistinguishable to callers). */
export async function findShare(token: string) {
  const share = await getPrisma().sessionShare.findUnique({
    where: { token },
    select: {
      revokedAt: true,
      room: {
        select: {
          id: true,
          questionId: true,
          createdAt: true,
          endedAt: true,
          notesSharedAt: true,
          participants: { select: { userId: true, role: true } },
        },
      },
    },
  });
  return share && share.revokedAt === null ? share.room : null;
}

export async function setNotesShared(roomId: string, shared: boolean): Promise<void> {
  await getPrisma().room.update({
    where: { id: roomId },
    data: { notesSharedAt: shared ? new Date() : null },
  });
}
