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
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-slate-200 dark:border-slate-800">
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
      <main className="mx-auto w-full max-w-6xl flex-1 px-6 py-8">{children}</main>
    </div>
  );
}
