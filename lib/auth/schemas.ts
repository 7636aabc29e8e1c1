import { z } from "zod";

// The account forms' rules, shared by the browser (instant feedback) and the server (the authority).

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

// A few of the passwords that top every breach list; long enough to pass the length rule, useless anyway.
const COMMON_PASSWORDS = new Set([
  "password123",
  "password1234",
  "1234567890",
  "12345678910",
  "qwertyuiop",
  "iloveyou123",
  "letmein1234",
  "welcome123",
  "administrator",
  "passw0rd123",
  "0123456789",
  "abcdefghij",
  "qwerty12345",
]);

/** Returns why a password is too weak, or null if it is acceptable. */
export function passwordWeakness(password: string, email?: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (new Set(password).size < 4) return "Use more than a few different characters.";
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return "That password is too common; choose another.";
  const local = email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 4 && password.toLowerCase().includes(local))
    return "Don't build the password from your email address.";
  return null;
}

export const ZEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address."));

export const ZDisplayName = z
  .string()
  .trim()
  .min(1, "Enter your name.")
  .max(80, "Keep the name under 80 characters.")
  .refine((s) => !/[\p{Cc}<>]/u.test(s), "The name contains characters that are not allowed.");

export const ZSignUp = z
  .object({
    name: ZDisplayName,
    email: ZEmail,
    password: z.string().max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`),
  })
  .superRefine((v, ctx) => {
    const weak = passwordWeakness(v.password, v.email);
    if (weak) ctx.addIssue({ code: "custom", path: ["password"], message: weak });
  });
export type TSignUp = z.infer<typeof ZSignUp>;

export const ZSignIn = z.object({
  email: ZEmail,
  password: z.string().min(1, "Enter your password.").max(PASSWORD_MAX_LENGTH),
});
export type TSignIn = z.infer<typeof ZSignIn>;

/** The error body every JSON endpoint returns: a code for programs, a message for people, the field if any. */
export const ZApiError = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});
export type TApiError = z.infer<typeof ZApiError>;

/** Turns zod issues into one message per form field (the first issue wins). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
  }
  return out;
}

/**
 * Changing one's password: the current one proves it is you (a session cookie alone is not enough); the new one
 * follows the sign-up rules. The rule against building it from the email is checked with `passwordWeakness`
 * against the account's address, which the form does not send.
 */
export const ZChangePassword = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password.").max(PASSWORD_MAX_LENGTH),
    newPassword: z.string().max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`),
  })
  .superRefine((v, ctx) => {
    const weak = passwordWeakness(v.newPassword);
    if (weak) ctx.addIssue({ code: "custom", path: ["newPassword"], message: weak });
    else if (v.newPassword === v.currentPassword)
      ctx.addIssue({
        code: "custom",
        path: ["newPassword"],
        message: "Choose a password you don't use now.",
      });
  });
export type TChangePassword = z.infer<typeof ZChangePassword>;
