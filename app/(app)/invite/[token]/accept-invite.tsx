"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { primaryButton } from "@/app/_components/ui/button-styles";
import { postJson } from "@/app/_components/ui/post-json";

export function AcceptInvite({ token }: { token: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function accept() {
    setPending(true);
    setError(null);
    const res = await postJson<{ roomId: string }>(
      `/api/invites/${encodeURIComponent(token)}/accept`,
      undefined,
      "Couldn't join the interview. Try again.",
    );
    if (!res.ok) {
      setError(res.message);
      setPending(false);
      return;
    }
    router.push(`/room/${res.data.roomId}`);
  }

  return (
    <div className="space-y-3">
      {error && (
        <p
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {error}
        </p>
      )}
      <button type="button" className={primaryButton} onClick={accept} disabled={pending}>
        {pending ? "Joining…" : "Join the interview"}
      </button>
    </div>
  );
}
