"use client";

import { signIn } from "next-auth/react";
import { secondaryButton } from "@/app/_components/ui/button-styles";

export interface OAuthProvider {
  id: string;
  name: string;
}

export function OAuthButtons({
  providers,
  callbackUrl,
}: {
  providers: OAuthProvider[];
  callbackUrl: string;
}) {
  if (providers.length === 0) return null;
  return (
    <div className="space-y-2">
      <div className="flex items-center gap-3 text-xs text-slate-500 dark:text-slate-400">
        <span className="h-px flex-1 bg-slate-200 dark:bg-slate-800" />
        or
        <span className="h-px flex-1 bg-slate-200 dark:bg-slate-800" />
      </div>
      {providers.map((p) => (
        <button
          key={p.id}
          type="button"
          className={`${secondaryButton} w-full`}
          onClick={() => signIn(p.id, { callbackUrl })}
        >
          Continue with {p.name}
        </button>
      ))}
    </div>
  );
}
