"use client";

import { useState } from "react";
import { primaryButton } from "@/app/_components/ui/button-styles";
import { Field, FormError } from "@/app/(auth)/_components/field";
import {
  fieldErrors,
  PASSWORD_MIN_LENGTH,
  passwordWeakness,
  ZApiError,
  ZChangePassword,
} from "@/lib/auth/schemas";

const others = (n: number) => (n === 1 ? "1 other sign-in" : `${n} other sign-ins`);

/** Change password: the current one, then the new one; the server signs out every other sign-in. */
export function ChangePasswordForm({ email }: { email: string }) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    setDone(null);
    const parsed = ZChangePassword.safeParse({
      currentPassword: data.get("currentPassword"),
      newPassword: data.get("newPassword"),
    });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    const weak = passwordWeakness(parsed.data.newPassword, email);
    if (weak) {
      setErrors({ newPassword: weak });
      return;
    }
    setPending(true);
    setErrors({});
    try {
      const res = await fetch("/api/account/password", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(parsed.data),
      });
      const body = await res.json().catch(() => null);
      if (!res.ok) {
        const err = ZApiError.safeParse(body);
        const { message, field } = err.success
          ? err.data.error
          : { message: "Changing the password failed. Try again.", field: undefined };
        setErrors({ [field ?? "form"]: message });
        return;
      }
      const n = typeof body?.signedOutElsewhere === "number" ? body.signedOutElsewhere : 0;
      form.reset();
      setDone(
        n > 0 ? `Password changed. ${others(n)} signed out.` : "Password changed. You stay signed in here.",
      );
    } catch {
      setErrors({ form: "Couldn't reach the server. Check your connection and try again." });
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-sm space-y-4" aria-busy={pending}>
      <FormError message={errors.form} />
      {/* For password managers: which account this password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        error={errors.currentPassword}
      />
      <Field
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        hint={`At least ${PASSWORD_MIN_LENGTH} characters; a phrase of a few words works well.`}
        error={errors.newPassword}
      />
      <button type="submit" className={primaryButton} disabled={pending}>
        {pending ? "Changing the password…" : "Change password"}
      </button>
      {done && (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          {done}
        </p>
      )}
    </form>
  );
}
