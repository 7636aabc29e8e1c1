import { fieldErrors, type TApiError, ZSignUp } from "@/lib/auth/schemas";
import { describeWait } from "@/lib/limits/rate-limit";
import { hashPassword } from "@/server/auth/passwords";
import { limiters } from "@/server/auth/rate-limits";
import { CLIENT_IP_HEADER } from "@/server/constants";
import { createUser } from "@/server/persistence/create-user";

const MAX_BODY_BYTES = 4_096;

function fail(status: number, code: string, message: string, field?: string) {
  const body: TApiError = { error: { code, message, ...(field ? { field } : {}) } };
  return Response.json(body, { status });
}

/**
 * POST /api/signup {name, email, password} → 201 {user}; 400/409/413/415/429 with {error:{code,message,field}}.
 * (Cross-site posts never get here: the server process refuses them, server/app.ts.)
 */
export async function POST(req: Request) {
  // JSON only: a form on another site can send text/plain or form data without a preflight, never JSON.
  const type = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json")
    return fail(415, "unsupported_type", "Send the form as JSON (content-type: application/json).");
  const text = await req.text();
  if (text.length > MAX_BODY_BYTES) return fail(413, "too_large", "The request is too large.");
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail(400, "bad_json", "The request body must be JSON.");
  }
  const parsed = ZSignUp.safeParse(raw);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    const [field, message] = Object.entries(errors)[0] ?? ["form", "Check the form."];
    return fail(400, "invalid", message, field);
  }

  const ip = req.headers.get(CLIENT_IP_HEADER) ?? "unknown";
  const gate = limiters().signUpsPerIp.hit(ip, Date.now());
  if (!gate.allowed)
    return fail(
      429,
      "rate_limited",
      `Too many new accounts from your network. Try again in ${describeWait(gate.retryAfterMs)}.`,
    );

  const { name, email, password } = parsed.data;
  const created = await createUser({ name, email, passwordHash: await hashPassword(password) });
  if (!created.ok)
    return fail(409, "email_taken", "An account with this email already exists. Sign in instead.", "email");
  return Response.json({ user: { id: created.user.id, name: created.user.name } }, { status: 201 });
}
