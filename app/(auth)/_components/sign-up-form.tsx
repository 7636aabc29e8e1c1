"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { primaryButton } from "@/app/_components/ui/button-styles";
import { fieldErrors, PASSWORD_MIN_LENGTH, ZApiError, ZSignUp } from "@/lib/auth/schemas";
import { Field, FormError } from "./field";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const input = { name: data.get("name"), email: data.get("email"), password: data.get("password") };
    const parsed = ZSignUp.safeParse(input);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setPending(true);
    setErrors({});
    try {
      const res = await fetch("/api/signup", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(parsed.data),
      });
      if (!res.ok) {
        const body = ZApiError.safeParse(await res.json().catch(() => null));
        const err = body.success
          ? body.data.error
          : { message: "Sign-up failed. Try again.", field: undefined };
        setErrors({ [err.field ?? "form"]: err.message });
        setPending(false);
        return;
      }
      const signedIn = await signIn("credentials", {
        email: parsed.data.email,
        password: parsed.data.password,
        redirect: false,
      });
      if (!signedIn || signedIn.error) {
        router.replace("/signin");
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    } catch {
      setErrors({ form: "Couldn't reach the server. Check your connection and try again." });
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-busy={pending}>
      <FormError message={errors.form} />
      <Field name="name" label="Name" autoComplete="name" required autoFocus error={errors.name} />
      <Field name="email" label="Email" type="email" autoComplete="email" required error={errors.email} />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        hint={`At least ${PASSWORD_MIN_LENGTH} characters; a phrase of a few words works well.`}
        error={errors.password}
      />
      <button type="submit" className={`${primaryButton} w-full`} disabled={pending}>
        {pending ? "Creating your account…" : "Create account"}
      </button>
    </form>
  );
}
