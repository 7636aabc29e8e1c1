import { headers } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Logo } from "@/app/_components/ui/logo";
import { currentUser, safeCallbackPath } from "@/server/auth/current-user";
import { PATH_HEADER } from "@/server/constants";
import { UserMenu } from "./_components/user-menu";

// Everything under (app) needs a signed-in user; anyone else goes to sign-in and comes back afterwards.
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser();
  if (!user) {
    const path = safeCallbackPath((await headers()).get(PATH_HEADER));
    redirect(`/signin?callbackUrl=${encodeURIComponent(path)}`);
  }
  // A page that marks itself `data-workspace` (the live room, a replay) gets the whole window: no app header, no
  // margins, exactly one screen tall, so its panes fill it and the page itself never scrolls.
  return (
    <div className="group/app flex min-h-dvh flex-col has-[[data-workspace]]:h-dvh">
      <header className="border-b border-slate-200 group-has-[[data-workspace]]/app:hidden dark:border-slate-800">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-6 py-3">
          <div className="flex items-center gap-8">
            <Logo />
            <nav aria-label="Main" className="flex gap-4 text-sm">
              <Link href="/dashboard" className="font-medium hover:underline">
                Dashboard
              </Link>
              <Link href="/history" className="font-medium hover:underline">
                History
              </Link>
              <Link href="/progress" className="font-medium hover:underline">
                Progress
              </Link>
            </nav>
          </div>
          <UserMenu name={user.name} email={user.email} />
        </div>
      </header>
      <main className="mx-auto w-full max-w-6xl flex-1 px-6 py-8 has-[[data-workspace]]:flex has-[[data-workspace]]:min-h-0 has-[[data-workspace]]:max-w-none has-[[data-workspace]]:flex-col has-[[data-workspace]]:p-0">
        {children}
      </main>
    </div>
  );
}
