import { getPrisma } from "../db/client";
import { newInviteToken } from "./create-room";

/** Replaces the invite token (the old link stops working); null revokes without a new one. */
export async function setInviteToken(roomId: string, issue: boolean): Promise<string | null> {
  const token = issue ? newInviteToken() : null;
  await getPrisma().room.update({ where: { id: roomId }, data: { inviteToken: token } });
  return token;
}

/** The room an invite link opens, with who holds its seats (so the invite page can say "full" before a click). */
export function findRoomByInvite(token: string) {
  return getPrisma().room.findUnique({
    where: { inviteToken: token },
    select: {
      id: true,
      questionId: true,
      createdBy: { select: { name: true } },
      endedAt: true,
      participants: { select: { userId: true } },
    },
  });
}

export function findRoomSummary(roomId: string) {
  return getPrisma().room.findUnique({
    where: { id: roomId },
    select: {
      id: true,
      questionId: true,
      createdById: true,
      inviteToken: true,
      createdAt: true,
      endedAt: true,
      notesSharedAt: true,
      participants: { select: { userId: true, role: true, user: { select: { name: true } } } },
    },
  });
}
