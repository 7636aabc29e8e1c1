"use client";

import { useEffect, useRef } from "react";
import { useSessionDraft } from "@/app/_components/use-session-draft";
import { type ChatMessage, formatClock, ROOM_LIMITS } from "@/lib/room";
import type { PendingOp } from "@/lib/room/sync-client";

export function ChatPanel(props: {
  messages: ChatMessage[];
  pending: readonly PendingOp[];
  names: Record<string, string>;
  meId: string;
  disabled: boolean;
  /** Absent in a replay: the log is shown without a way to write. */
  onSend?: (text: string) => void;
  /** Keeps the unsent draft across a reload of the tab, under this key. */
  draftKey?: string;
  /** Inside the room's side rail, whose tab already names it: no box, the heading for screen readers only. */
  bare?: boolean;
}) {
  const [draft, setDraft] = useSessionDraft(props.draftKey);
  const list = useRef<HTMLOListElement>(null);
  // An op whose event is already in the chat (delivered ahead of its ack) is shown there, not twice.
  const sending = props.pending.filter((p) => p.op.type === "chat.post" && !p.applied);
  const count = props.messages.length + sending.length;

  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll whenever a message is added
  useEffect(() => {
    list.current?.scrollTo({ top: list.current.scrollHeight });
  }, [count]);

  const send = () => {
    const text = draft.trim();
    if (!text || props.disabled || !props.onSend) return;
    props.onSend(text);
    setDraft("");
  };

  return (
    <section
      aria-labelledby="chat-heading"
      className={`flex min-h-0 flex-col ${props.bare ? "" : "rounded-lg border border-slate-200 dark:border-slate-800"}`}
    >
      <h2
        id="chat-heading"
        className={
          props.bare
            ? "sr-only"
            : "border-b border-slate-200 px-3 py-2 text-sm font-medium dark:border-slate-800"
        }
      >
        Chat
      </h2>
      <ol
        ref={list}
        aria-label="Chat messages"
        className="min-h-24 flex-1 space-y-2 overflow-y-auto px-3 py-2 text-sm"
      >
        {count === 0 && <li className="text-slate-500 dark:text-slate-400">No messages yet.</li>}
        {props.messages.map((m) => (
          <li key={m.seq}>
            <span className="font-medium">
              {m.authorId === props.meId ? "You" : (props.names[m.authorId] ?? "Partner")}
            </span>{" "}
            <span className="text-xs text-slate-500 dark:text-slate-400">{formatClock(m.clockMs)}</span>
            <p className="break-words whitespace-pre-wrap">{m.text}</p>
          </li>
        ))}
        {sending.map((p) => (
          <li key={p.opId} className="text-slate-600 dark:text-slate-400">
            <span className="font-medium">You</span>{" "}
            <span className="text-xs text-slate-500 dark:text-slate-400">sending…</span>
            <p className="break-words whitespace-pre-wrap">{p.op.type === "chat.post" ? p.op.text : ""}</p>
          </li>
        ))}
      </ol>
      {props.onSend && (
        <form
          className="flex gap-2 border-t border-slate-200 p-2 dark:border-slate-800"
          onSubmit={(e) => {
            e.preventDefault();
            send();
          }}
        >
          <label htmlFor="chat-input" className="sr-only">
            Message
          </label>
          <input
            id="chat-input"
            value={draft}
            maxLength={ROOM_LIMITS.chatMaxChars}
            onChange={(e) => setDraft(e.target.value)}
            disabled={props.disabled}
            placeholder={props.disabled ? "The interview has ended" : "Write a message"}
            className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
          />
          <button
            type="submit"
            disabled={props.disabled || !draft.trim()}
            className="rounded-md bg-brand-600 px-3 text-sm font-medium text-white disabled:opacity-50"
          >
            Send
          </button>
        </form>
      )}
    </section>
  );
}
