import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { Logo } from "@/app/_components/ui/logo";

export const metadata: Metadata = { title: "Page not found" };

// Rendered per request, not prerendered: a prerendered page's inline scripts carry no CSP nonce and would be
// blocked (server/http/security-headers.ts).
export default async function NotFound() {
  await connection();
  return (
    <div className="flex min-h-dvh flex-col items-center px-6 py-10">
      <Logo />
      <main className="mt-10 w-full max-w-lg space-y-3">
        <h1 className="text-2xl font-semibold">There is nothing at this address</h1>
        <p className="text-slate-600 dark:text-slate-400">
          Check the link, or start again from the home page.
        </p>
        <Link href="/" className="text-brand-600 hover:underline dark:text-brand-400">
          Go to the home page
        </Link>
      </main>
    </div>
  );
}
