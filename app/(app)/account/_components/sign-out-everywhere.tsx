"use client";

import { secondaryButton } from "@/app/_components/ui/button-styles";
import { useSignOutEverywhere } from "./use-sign-out-everywhere";

/** The account page's "Sign out everywhere" button, with its error. */
export function SignOutEverywhere() {
  const { busy, error, run } = useSignOutEverywhere();
  return (
    <div className="space-y-2">
      <button type="button" className={secondaryButton} disabled={busy} onClick={() => void run()}>
        {busy ? "Signing out…" : "Sign out everywhere"}
      </button>
      {error && (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
