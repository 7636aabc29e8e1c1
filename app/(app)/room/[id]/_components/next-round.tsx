"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { primaryButton } from "@/app/_components/ui/button-styles";
import { postJson } from "@/app/_components/ui/post-json";

/** After round one: swap seats and start round two on a new question, in a room of its own. */
export function NextRound(props: {
  roomId: string;
  currentQuestionId: string;
  next: { roomId: string; questionId: string } | null;
  questions: { id: string; title: string }[];
}) {
  const router = useRouter();
  const choices = props.questions.filter((q) => q.id !== props.currentQuestionId);
  const [questionId, setQuestionId] = useState(choices[0]?.id ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (props.next) {
    const title =
      props.questions.find((q) => q.id === props.next?.questionId)?.title ?? props.next.questionId;
    return (
      <div
        role="status"
        className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-brand-400 bg-brand-50 px-3 py-2 text-sm dark:bg-brand-700/20"
      >
        <span>Round two is ready, with roles swapped: {title}.</span>
        <Link href={`/room/${props.next.roomId}`} className={primaryButton}>
          Open round two
        </Link>
      </div>
    );
  }

  return (
    <form
      className="flex flex-wrap items-end gap-2 rounded-md border border-slate-200 px-3 py-2 text-sm dark:border-slate-800"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        const res = await postJson<{ roomId: string }>(
          `/api/rooms/${props.roomId}/next-round`,
          { questionId },
          "Round two could not start. Try again.",
        );
        if (!res.ok) {
          setError(res.message);
          setBusy(false);
          return;
        }
        router.push(`/room/${res.data.roomId}`);
      }}
    >
      <label className="flex flex-col gap-0.5 text-xs font-medium">
        Round two question
        <select
          value={questionId}
          onChange={(e) => setQuestionId(e.target.value)}
          className="rounded border border-slate-300 bg-white px-1 py-1 font-normal dark:border-slate-700 dark:bg-slate-900"
        >
          {choices.map((q) => (
            <option key={q.id} value={q.id}>
              {q.title}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className={primaryButton} disabled={busy || !questionId}>
        {busy ? "Starting…" : "Start round two (swap roles)"}
      </button>
      {error && (
        <p role="alert" className="w-full text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </form>
  );
}
