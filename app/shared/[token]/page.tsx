import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { parseT } from "@/app/(app)/room/[id]/replay/_components/parse-t";
import { ReplayView } from "@/app/(app)/room/[id]/replay/_components/replay-view";
import { questionById } from "@/lib/questions/bank";
import { candidateView } from "@/lib/questions/candidate-view";
import { findShare } from "@/server/persistence/shares";

export const metadata: Metadata = { title: "Shared replay" };

/** A session opened through a share link: read-only, signed in or not. */
export default async function SharedReplayPage(props: {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await props.params;
  const { t } = await props.searchParams;
  const room = /^[A-Za-z0-9_-]{10,64}$/.test(token) ? await findShare(token) : null;
  // Thrown before anything streams, so the page answers 404 like its API (not-found.tsx says why).
  if (!room) notFound();
  const q = questionById(room.questionId);
  return (
    <ReplayView
      roomId={room.id}
      source={`/api/shared/${token}`}
      question={
        q ? candidateView(q) : { id: room.questionId, title: room.questionId, prompt: "", timeboxMinutes: 45 }
      }
      viewer={{ role: "guest", userId: null }}
      initialT={parseT(t)}
      ended={room.endedAt !== null}
      notesShared={room.notesSharedAt !== null}
    />
  );
}
