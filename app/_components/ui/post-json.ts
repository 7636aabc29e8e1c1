"use client";

/** POSTs JSON and returns the parsed answer, or the server's error message (or a network one) for the form. */
export async function postJson<T>(
  url: string,
  body?: unknown,
  fallback = "That didn't work. Try again.",
): Promise<{ ok: true; data: T } | { ok: false; message: string }> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await res.json().catch(() => null);
    if (!res.ok) return { ok: false, message: data?.error?.message ?? fallback };
    return { ok: true, data: data as T };
  } catch {
    return { ok: false, message: "Couldn't reach the server. Check your connection and try again." };
  }
}
