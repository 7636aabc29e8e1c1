"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { primaryButton } from "@/app/_components/ui/button-styles";
import { postJson } from "@/app/_components/ui/post-json";
import { RadioChoices } from "@/app/_components/ui/radio-choices";

/** `questions`: id and title only; the bank's interviewer material never goes into the browser bundle. */
export function NewInterviewForm({ questions }: { questions: { id: string; title: string }[] }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await postJson<{ roomId: string }>(
      "/api/rooms",
      { role: data.get("role"), questionId: data.get("question") },
      "Couldn't create the interview. Try again.",
    );
    if (!res.ok) {
      setError(res.message);
      setPending(false);
      return;
    }
    router.push(`/room/${res.data.roomId}`);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-busy={pending}>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Your role</legend>
        <RadioChoices
          name="role"
          options={[
            ["interviewer", "Interviewer"],
            ["candidate", "Candidate"],
          ]}
        />
      </fieldset>
      <div className="space-y-1">
        <label htmlFor="question" className="block text-sm font-medium">
          Question
        </label>
        <select
          id="question"
          name="question"
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-900"
        >
          {questions.map((q) => (
            <option key={q.id} value={q.id}>
              {q.title}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      <button type="submit" className={primaryButton} disabled={pending}>
        {pending ? "Creating…" : "New interview"}
      </button>
    </form>
  );
}
