"use client";

import { useEffect, useState } from "react";
import { secondaryButton } from "@/app/_components/ui/button-styles";
import { postJson } from "@/app/_components/ui/post-json";

const small = `${secondaryButton} px-2 py-1 text-xs`;

interface Share {
  id: string;
  url: string;
  createdAt: string;
}

/**
 * Read-only links to this replay (each revocable), and for the interviewer, whether their private notes appear
 * in the candidate's replay and in share links. Sharing opens once the interview has ended.
 */
export function SharePanel(props: {
  roomId: string;
  isInterviewer: boolean;
  ended: boolean;
  notesShared: boolean;
}) {
  const base = `/api/rooms/${props.roomId}`;
  const [shares, setShares] = useState<Share[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notesShared, setNotesShared] = useState(props.notesShared);
  const [copied, setCopied] = useState<string | null>(null);

  useEffect(() => {
    if (!props.ended) return;
    fetch(`${base}/shares`)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error())))
      .then((b: { shares: Share[] }) => setShares(b.shares))
      .catch(() => setError("Couldn't load your share links."));
  }, [base, props.ended]);

  const act = async (fn: () => Promise<string | null>) => {
    setBusy(true);
    setError(await fn());
    setBusy(false);
  };

  return (
    <section
      aria-labelledby="share-heading"
      className="space-y-2 rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-800"
    >
      <h2 id="share-heading" className="font-medium">
        Share this replay
      </h2>
      {!props.ended ? (
        <p className="text-xs text-slate-500 dark:text-slate-400">
          Links can be made once the interview has ended.
        </p>
      ) : (
        <>
          <p className="text-xs text-slate-500 dark:text-slate-400">
            Anyone with a link can watch (not change) this session, without the interviewer's private notes
            unless the interviewer shares them.
          </p>
          {shares === null && !error && (
            <p className="text-xs text-slate-500 dark:text-slate-400">Loading your links…</p>
          )}
          {shares && shares.length > 0 && (
            <ul aria-label="Your share links" className="space-y-1">
              {shares.map((s) => {
                const full = `${window.location.origin}${s.url}`;
                return (
                  <li key={s.id} className="flex items-center gap-2">
                    <input
                      readOnly
                      value={full}
                      aria-label="Share link"
                      className="min-w-0 flex-1 rounded border border-slate-300 px-1 py-0.5 font-mono text-xs dark:border-slate-700 dark:bg-slate-900"
                    />
                    <button
                      type="button"
                      className={small}
                      onClick={() =>
                        navigator.clipboard
                          ?.writeText(full)
                          .then(() => setCopied(s.id))
                          .catch(() => setError("Copy failed: select the link and copy it."))
                      }
                    >
                      {copied === s.id ? "Copied" : "Copy"}
                    </button>
                    <button
                      type="button"
                      className={small}
                      disabled={busy}
                      onClick={() =>
                        act(async () => {
                          const res = await fetch(`${base}/shares/${s.id}`, { method: "DELETE" }).catch(
                            () => null,
                          );
                          if (!res?.ok) return "Couldn't revoke the link. Try again.";
                          setShares((all) => all?.filter((x) => x.id !== s.id) ?? null);
                          return null;
                        })
                      }
                    >
                      Revoke
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
          <button
            type="button"
            className={small}
            disabled={busy || shares === null}
            onClick={() =>
              act(async () => {
                const r = await postJson<Share>(`${base}/shares`);
                if (!r.ok) return r.message;
                setShares((all) => [...(all ?? []), r.data]);
                return null;
              })
            }
          >
            Create a share link
          </button>
          {props.isInterviewer && (
            <label className="flex items-start gap-2 text-xs">
              <input
                type="checkbox"
                checked={notesShared}
                disabled={busy}
                onChange={(e) => {
                  const shared = e.target.checked;
                  void act(async () => {
                    const r = await postJson(`${base}/notes-sharing`, { shared });
                    if (!r.ok) return r.message;
                    setNotesShared(shared);
                    return null;
                  });
                }}
              />
              Show my private notes to the candidate and in share links
            </label>
          )}
        </>
      )}
      {error && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </section>
  );
}
