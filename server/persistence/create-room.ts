import { randomBytes } from "node:crypto";
import { EVENT_SCHEMA_VERSION, type TRole, type TRoomEvent } from "../../lib/room";
import { getPrisma } from "../db/client";

export function newInviteToken(): string {
  return randomBytes(18).toString("base64url");
}

/**
 * Creates a room with its first two events (created, creator seated) and an invite token, in one transaction.
 * `at` is the server time the caller stamped; ids are the caller's so the events are reproducible.
 */
export async function createRoom(input: {
  creator: { id: string; name: string };
  role: TRole;
  questionId: string;
  at: number;
}) {
  const prisma = getPrisma();
  const inviteToken = newInviteToken();
  return prisma.$transaction(
    async (tx) => {
      const room = await tx.room.create({
        data: { createdById: input.creator.id, questionId: input.questionId, inviteToken },
        select: { id: true },
      });
      const events: TRoomEvent[] = [
        {
          seq: 1,
          opId: `create-${room.id}`,
          kind: "room.created",
          actorId: input.creator.id,
          at: input.at,
          payload: { questionId: input.questionId, createdBy: input.creator.id, creatorRole: input.role },
        },
        {
          seq: 2,
          opId: `join-${room.id}-${input.creator.id}`,
          kind: "participant.joined",
          actorId: input.creator.id,
          at: input.at,
          payload: { userId: input.creator.id, name: input.creator.name, role: input.role },
        },
      ];
      await tx.roomParticipant.create({
        data: { roomId: room.id, userId: input.creator.id, role: input.role },
      });
      await tx.roomEvent.createMany({
        data: events.map((e) => ({
          roomId: room.id,
          seq: e.seq,
          opId: e.opId,
          kind: e.kind,
          actorId: e.actorId,
          visibility: "all",
          at: new Date(e.at),
          payload: e.payload as object,
          v: EVENT_SCHEMA_VERSION,
        })),
      });
      return { roomId: room.id, inviteToken };
      // Waiting up to 5 s for a connection (Prisma's default is 2 s): a burst of creations on a busy machine waits
      // its turn rather than failing; past that, the caller answers 503 and the client may retry (db/busy.ts).
    },
    { maxWait: 5_000 },
  );
}
