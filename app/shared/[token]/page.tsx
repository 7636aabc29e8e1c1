import type { Metadata } from "next";
import { Logo } from "@/app/_components/ui/logo";
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
  const q = room ? questionById(room.questionId) : undefined;
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-slate-200 dark:border-slate-800">
        <div className="mx-auto flex max-w-6xl items-center px-6 py-3">
          <Logo />
        </div>
      </header>
      <main className="mx-auto w-full max-w-6xl flex-1 px-6 py-8">
        {!room ? (
          <div className="mx-auto max-w-lg space-y-3 py-10">
            <h1 className="text-2xl font-semibold">This share link doesn't work</h1>
            <p className="text-slate-600 dark:text-slate-400">
              It may have been revoked by the person who shared it. Ask them for a new one.
            </p>
          </div>
        ) : (
          <ReplayView
            roomId={room.id}
            source={`/api/shared/${token}`}
            question={
              q
                ? candidateView(q)
                : { id: room.questionId, title: room.questionId, prompt: "", timeboxMinutes: 45 }
            }
            viewer={{ role: "guest", userId: null }}
            initialT={parseT(t)}
            ended={room.endedAt !== null}
            notesShared={room.notesSharedAt !== null}
          />
        )}
      </main>
    </div>
  );
}
