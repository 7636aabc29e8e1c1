import type { Metadata } from "next";
import Link from "next/link";
import { ZIceServersJson } from "@/lib/protocol/call";
import { QUESTION_BANK, questionById } from "@/lib/questions/bank";
import { candidateView } from "@/lib/questions/candidate-view";
import { currentUser } from "@/server/auth/current-user";
import { findRoomSummary } from "@/server/persistence/room-invites";
import { RoomView } from "./_components/room-view";

export const metadata: Metadata = { title: "Interview" };

export default async function RoomPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser();
  const room = user && /^[a-z0-9]{1,64}$/.test(id) ? await findRoomSummary(id) : null;
  const seat = room?.participants.find((p) => p.userId === user?.id);
  if (!room || !seat || !user) {
    return (
      <div className="mx-auto max-w-lg space-y-3 py-10">
        <h1 className="text-2xl font-semibold">You're not part of this interview</h1>
        <p className="text-slate-600 dark:text-slate-400">
          Only its two participants can open it. If someone invited you, use the invite link they sent.
        </p>
        <Link href="/dashboard" className="text-brand-600 hover:underline dark:text-brand-400">
          Back to your dashboard
        </Link>
      </div>
    );
  }
  const full = questionById(room.questionId);
  // The interviewer's material is rendered into the interviewer's page only; the candidate's HTML never has it.
  const guide = seat.role === "interviewer" ? (full?.interviewer ?? null) : null;
  return (
    <RoomView
      roomId={room.id}
      me={{ id: user.id, name: user.name }}
      question={
        full
          ? candidateView(full)
          : { id: room.questionId, title: room.questionId, prompt: "", timeboxMinutes: 45 }
      }
      guide={guide}
      questions={QUESTION_BANK.map((q) => ({ id: q.id, title: q.title }))}
      isCreator={room.createdById === user.id}
      initialInviteUrl={
        room.createdById === user.id && room.inviteToken ? `/invite/${room.inviteToken}` : null
      }
      // Validated when the server started (server/config.ts), so this parse cannot fail there.
      iceServers={ZIceServersJson.safeParse(process.env.ICE_SERVERS).data ?? []}
    />
  );
}
