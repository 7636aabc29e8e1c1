import { Logo } from "@/app/_components/ui/logo";

/** A shared replay's frame, also around its not-found page: a visitor holding a link may have no account. */
export default function SharedReplayLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-slate-200 dark:border-slate-800">
        <div className="mx-auto flex max-w-6xl items-center px-6 py-3">
          <Logo />
        </div>
      </header>
      <main className="mx-auto w-full max-w-6xl flex-1 px-6 py-8">{children}</main>
    </div>
  );
}
