import type { Metadata } from "next";
import { currentUser } from "@/server/auth/current-user";
import { ChangePasswordForm } from "./_components/change-password-form";
import { SignOutEverywhere } from "./_components/sign-out-everywhere";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  // The layout has already redirected anonymous visitors.
  const user = await currentUser();
  if (!user) return null;
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Account</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-400">
          Signed in as {user.name} ({user.email}).
        </p>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <section
          aria-labelledby="change-password"
          className="rounded-lg border border-slate-200 p-5 dark:border-slate-800"
        >
          <h2 id="change-password" className="font-medium">
            Change password
          </h2>
          <p className="mt-1 mb-4 text-sm text-slate-600 dark:text-slate-400">
            Every other browser or device signed in to this account is signed out; this one stays signed in.
          </p>
          <ChangePasswordForm email={user.email} />
        </section>
        <section
          aria-labelledby="sessions"
          className="rounded-lg border border-slate-200 p-5 dark:border-slate-800"
        >
          <h2 id="sessions" className="font-medium">
            Signed-in devices
          </h2>
          <p className="mt-1 mb-4 text-sm text-slate-600 dark:text-slate-400">
            Lost a device, or signed in on a shared computer? Sign out of this account everywhere, this
            browser included.
          </p>
          <SignOutEverywhere />
        </section>
      </div>
    </div>
  );
}
