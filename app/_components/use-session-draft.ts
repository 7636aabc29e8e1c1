"use client";

import { useCallback, useEffect, useState } from "react";

/**
 * A text field's draft that survives a reload of the tab (session storage, under `key`): what a person was
 * typing when the page had to reload (a deploy, a lost session) is still there. Without a key, plain state.
 */
export function useSessionDraft(key: string | undefined): [string, (value: string) => void] {
  const [draft, setDraft] = useState("");
  const storageKey = key ? `quorum:draft:${key}` : null;
  // Read after mounting: the server renders no storage, and the first paint must match it.
  useEffect(() => {
    if (!storageKey) return;
    try {
      const saved = sessionStorage.getItem(storageKey);
      if (saved) setDraft(saved);
    } catch {
      // Storage disabled: a plain field.
    }
  }, [storageKey]);
  const update = useCallback(
    (value: string) => {
      setDraft(value);
      if (!storageKey) return;
      try {
        if (value) sessionStorage.setItem(storageKey, value);
        else sessionStorage.removeItem(storageKey);
      } catch {
        // Storage full or disabled: the draft lives in memory only.
      }
    },
    [storageKey],
  );
  return [draft, update];
}
