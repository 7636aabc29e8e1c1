"use client";

import { useState } from "react";
import { postJson } from "@/app/_components/ui/post-json";

/**
 * "Sign out everywhere": ends every sign-in of this account on the server (this one too, with its sockets),
 * then loads the home page afresh, as signed out.
 */
export function useSignOutEverywhere() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    const res = await postJson<{ revoked: number }>(
      "/api/account/signout-everywhere",
      undefined,
      "Couldn't sign out everywhere. Try again.",
    );
    if (res.ok) {
      window.location.assign("/");
      return;
    }
    setError(res.message);
    setBusy(false);
  };
  return { busy, error, run };
}
