import { Logo } from "@/app/_components/ui/logo";

/**
 * A shared replay's frame, also around its not-found page: a visitor holding a link may have no account. The
 * replay itself is a workspace (`data-workspace`, as in app/(app)/layout.tsx): it gets the whole window, exactly
 * one screen tall, with no frame header (its own header links home).
 */
export default function SharedReplayLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="group/app flex min-h-dvh flex-col has-[[data-workspace]]:h-dvh">
      <header className="border-b border-slate-200 group-has-[[data-workspace]]/app:hidden dark:border-slate-800">
        <div className="mx-auto flex max-w-6xl items-center px-6 py-3">
          <Logo />
        </div>
      </header>
      <main className="mx-auto w-full max-w-6xl flex-1 px-6 py-8 has-[[data-workspace]]:flex has-[[data-workspace]]:min-h-0 has-[[data-workspace]]:max-w-none has-[[data-workspace]]:flex-col has-[[data-workspace]]:p-0">
        {children}
      </main>
    </div>
  );
}
