import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { questionById } from "@/lib/questions/bank";
import { currentUser } from "@/server/auth/current-user";
import { getPrisma } from "@/server/db/client";
import { findRoomByInvite } from "@/server/persistence/room-invites";
import { AcceptInvite } from "./accept-invite";

export const metadata: Metadata = { title: "Interview invite" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await currentUser();
  const room = /^[A-Za-z0-9_-]{10,64}$/.test(token) ? await findRoomByInvite(token) : null;
  if (!room) {
    return (
      <div className="mx-auto max-w-lg space-y-3 py-10">
        <h1 className="text-2xl font-semibold">This invite link doesn't work</h1>
        <p className="text-slate-600 dark:text-slate-400">
          It may have been replaced by a newer link or revoked. Ask the person who invited you for a fresh
          one.
        </p>
        <Link href="/dashboard" className="text-brand-600 hover:underline dark:text-brand-400">
          Back to your dashboard
        </Link>
      </div>
    );
  }
  const seat = user
    ? await getPrisma().roomParticipant.findUnique({
        where: { roomId_userId: { roomId: room.id, userId: user.id } },
      })
    : null;
  if (seat) redirect(`/room/${room.id}`);
  const question = questionById(room.questionId);
  return (
    <div className="mx-auto max-w-lg space-y-4 py-10">
      <h1 className="text-2xl font-semibold">{room.createdBy.name} invited you to a mock interview</h1>
      <p className="text-slate-600 dark:text-slate-400">
        Question:{" "}
        <strong className="text-slate-900 dark:text-slate-100">{question?.title ?? room.questionId}</strong>.
        You will take the seat that is still free.
      </p>
      <AcceptInvite token={token} />
    </div>
  );
}
