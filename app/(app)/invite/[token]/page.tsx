import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { questionById } from "@/lib/questions/bank";
import { ZRole } from "@/lib/room";
import { currentUser } from "@/server/auth/current-user";
import { findRoomByInvite } from "@/server/persistence/room-invites";
import { AcceptInvite } from "./accept-invite";

export const metadata: Metadata = { title: "Interview invite" };

const linkClass = "text-brand-600 hover:underline dark:text-brand-400";

/** Why this link can't seat the visitor, and where they can go instead. */
function InviteNotice(props: { title: string; children: React.ReactNode; ownInterview?: boolean }) {
  return (
    <div className="mx-auto max-w-lg space-y-3 py-10">
      <h1 className="text-2xl font-semibold">{props.title}</h1>
      <p className="text-slate-600 dark:text-slate-400">{props.children}</p>
      <p className="flex flex-wrap gap-4">
        {props.ownInterview ? (
          <>
            <Link href="/dashboard#next-interview" className={linkClass}>
              Start your own interview
            </Link>
            <Link href="/dashboard#find-partner" className={linkClass}>
              Find a partner
            </Link>
          </>
        ) : (
          <Link href="/dashboard" className={linkClass}>
            Back to your dashboard
          </Link>
        )}
      </p>
    </div>
  );
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await currentUser();
  const room = /^[A-Za-z0-9_-]{10,64}$/.test(token) ? await findRoomByInvite(token) : null;
  if (!room)
    return (
      <InviteNotice title="This invite link doesn't work">
        It may have been replaced by a newer link or revoked. Ask the person who invited you for a fresh one.
      </InviteNotice>
    );
  if (user && room.participants.some((p) => p.userId === user.id)) redirect(`/room/${room.id}`);
  // The same refusals as the join itself (lib/room/decide.ts decideJoin), said on arrival instead of after a
  // click. A seat taken between this render and the click is still refused by the join, with its message.
  if (room.endedAt)
    return (
      <InviteNotice title="This interview has ended" ownInterview>
        It finished before you joined, so there is no seat to take any more.
      </InviteNotice>
    );
  if (room.participants.length >= ZRole.options.length)
    return (
      <InviteNotice title="This interview is full" ownInterview>
        It already has an interviewer and a candidate, so you can't join it. You can start an interview of
        your own, or be paired with someone at your level.
      </InviteNotice>
    );
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
