"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { primaryButton } from "@/app/_components/ui/button-styles";

export function AcceptInvite({ token }: { token: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function accept() {
    setPending(true);
    setError(null);
    try {
      const res = await fetch(`/api/invites/${encodeURIComponent(token)}/accept`, { method: "POST" });
      const body = await res.json().catch(() => null);
      if (!res.ok) {
        setError(body?.error?.message ?? "Couldn't join the interview. Try again.");
        setPending(false);
        return;
      }
      router.push(`/room/${body.roomId}`);
    } catch {
      setError("Couldn't reach the server. Check your connection and try again.");
      setPending(false);
    }
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
