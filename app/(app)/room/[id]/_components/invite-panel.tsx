"use client";

import { useState } from "react";
import { secondaryButton } from "@/app/_components/ui/button-styles";

/** The creator's invite link: copy it, replace it (the old one stops working) or revoke it. */
export function InvitePanel({ roomId, initialUrl }: { roomId: string; initialUrl: string | null }) {
  const [url, setUrl] = useState(initialUrl);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const full = url ? `${typeof window === "undefined" ? "" : window.location.origin}${url}` : "";

  async function change(method: "POST" | "DELETE") {
    setBusy(true);
    setStatus(null);
    try {
      const res = await fetch(`/api/rooms/${roomId}/invite`, { method });
      const body = await res.json().catch(() => null);
      if (!res.ok) setStatus(body?.error?.message ?? "That didn't work. Try again.");
      else {
        setUrl(body.inviteUrl);
        setStatus(
          method === "POST" ? "New link ready; the old one no longer works." : "Invite link revoked.",
        );
      }
    } catch {
      setStatus("Couldn't reach the server.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <section
      aria-labelledby="invite-heading"
      className="space-y-2 rounded-lg border border-slate-200 p-3 dark:border-slate-800"
    >
      <h2 id="invite-heading" className="text-sm font-medium">
        Invite your partner
      </h2>
      {url ? (
        <div className="flex gap-2">
          <label htmlFor="invite-link" className="sr-only">
            Invite link
          </label>
          <input
            id="invite-link"
            readOnly
            value={full}
            onFocus={(e) => e.currentTarget.select()}
            className="min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-2 py-1 font-mono text-xs dark:border-slate-700 dark:bg-slate-900"
          />
          <button
            type="button"
            className={`${secondaryButton} px-2 py-1`}
            onClick={async () => {
              await navigator.clipboard?.writeText(full).catch(() => {});
              setStatus("Copied.");
            }}
          >
            Copy
          </button>
        </div>
      ) : (
        <p className="text-sm text-slate-500 dark:text-slate-400">No active invite link.</p>
      )}
      <div className="flex gap-2">
        <button
          type="button"
          disabled={busy}
          className={`${secondaryButton} px-2 py-1 text-xs`}
          onClick={() => change("POST")}
        >
          {url ? "New link" : "Create link"}
        </button>
        {url && (
          <button
            type="button"
            disabled={busy}
            className={`${secondaryButton} px-2 py-1 text-xs`}
            onClick={() => change("DELETE")}
          >
            Revoke link
          </button>
        )}
      </div>
      {status && (
        <p role="status" className="text-xs text-slate-600 dark:text-slate-400">
          {status}
        </p>
      )}
    </section>
  );
}
