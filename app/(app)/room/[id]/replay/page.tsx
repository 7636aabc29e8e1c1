import type { Metadata } from "next";
import Link from "next/link";
import { questionById } from "@/lib/questions/bank";
import { candidateView } from "@/lib/questions/candidate-view";
import { currentUser } from "@/server/auth/current-user";
import { findRoomSummary } from "@/server/persistence/room-invites";
import { parseT } from "./_components/parse-t";
import { ReplayView } from "./_components/replay-view";

export const metadata: Metadata = { title: "Replay" };

export default async function ReplayPage(props: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await props.params;
  const { t } = await props.searchParams;
  const user = await currentUser();
  const room = user && /^[a-z0-9]{1,64}$/.test(id) ? await findRoomSummary(id) : null;
  const seat = room?.participants.find((p) => p.userId === user?.id);
  if (!room || !seat || !user) {
    return (
      <div className="mx-auto max-w-lg space-y-3 py-10">
        <h1 className="text-2xl font-semibold">You can't replay this session</h1>
        <p className="text-slate-600 dark:text-slate-400">
          Only its two participants can, or someone they sent a share link to.
        </p>
        <Link href="/dashboard" className="text-brand-600 hover:underline dark:text-brand-400">
          Back to your dashboard
        </Link>
      </div>
    );
  }
  const q = questionById(room.questionId);
  return (
    <ReplayView
      roomId={room.id}
      source={`/api/rooms/${room.id}`}
      question={
        q ? candidateView(q) : { id: room.questionId, title: room.questionId, prompt: "", timeboxMinutes: 45 }
      }
      viewer={{ role: seat.role === "interviewer" ? "interviewer" : "candidate", userId: user.id }}
      initialT={parseT(t)}
      ended={room.endedAt !== null}
      notesShared={room.notesSharedAt !== null}
    />
  );
}
