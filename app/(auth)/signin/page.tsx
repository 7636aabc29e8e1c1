import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser, safeCallbackPath } from "@/server/auth/current-user";
import { OAuthButtons } from "../_components/oauth-buttons";
import { enabledOAuthProviders } from "../_components/providers";
import { SignInForm } from "../_components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

// next-auth sends OAuth failures back here as ?error=Code.
const OAUTH_ERRORS: Record<string, string> = {
  OAuthAccountNotLinked: "That email is already used by another sign-in method.",
  OAuthSignin: "The provider could not start the sign-in. Try again.",
  OAuthCallback: "The provider's answer could not be checked. Try again.",
  AccessDenied: "Access was denied.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  const initialError = params.error
    ? (OAUTH_ERRORS[params.error] ?? "Sign-in failed. Try again.")
    : undefined;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Sign in</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Welcome back. Your sessions are waiting.
        </p>
      </div>
      <SignInForm callbackUrl={callbackUrl} initialError={initialError} />
      <OAuthButtons providers={enabledOAuthProviders()} callbackUrl={callbackUrl} />
      <p className="text-sm text-slate-600 dark:text-slate-400">
        New to Quorum?{" "}
        <Link
          href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}
          className="font-medium text-brand-600 hover:underline dark:text-brand-400"
        >
          Create an account
        </Link>
      </p>
    </div>
  );
}
