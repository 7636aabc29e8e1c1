import type { IncomingMessage, ServerResponse } from "node:http";

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

/** `Retry-After` in whole seconds (at least 1) for a wait of `ms`. */
export function setRetryAfter(res: ServerResponse, ms: number): void {
  res.setHeader("Retry-After", String(Math.max(1, Math.ceil(ms / 1000))));
}

/** Reads a JSON body of at most `maxBytes`; resolves `{ tooLarge }` or `{ invalid }` instead of throwing. */
export async function readJson(
  req: IncomingMessage,
  maxBytes: number,
): Promise<{ value?: unknown; tooLarge?: boolean; invalid?: boolean }> {
  const body = await readBytes(req, maxBytes);
  if (body.tooLarge) return { tooLarge: true };
  if (!body.bytes) return { invalid: true };
  const text = body.bytes.toString("utf8");
  if (text.trim() === "") return { value: {} };
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { invalid: true };
  }
}

/**
 * Whether a request comes from our own pages (the session cookie is SameSite=Lax; this is the lock that does
 * not depend on it). Ours: an `Origin` with the Host header's host, or the origin of `publicUrl` (NEXTAUTH_URL,
 * for a proxy that changes Host). Without an Origin, `Sec-Fetch-Site: cross-site` is cross-site; with neither
 * header it is a non-browser client (tests, curl), since browsers send an Origin with every POST.
 */
export function sameOrigin(req: IncomingMessage, publicUrl = process.env.NEXTAUTH_URL): boolean {
  const origin = req.headers.origin;
  if (!origin) return req.headers["sec-fetch-site"] !== "cross-site";
  try {
    const from = new URL(origin);
    if (from.host === req.headers.host) return true;
    return !!publicUrl && from.origin === new URL(publicUrl).origin;
  } catch {
    return false; // includes "null" (sandboxed frames, privacy redirects)
  }
}

/** Reads a raw body of at most `maxBytes`; resolves `{ tooLarge }` past that, or `{ failed }` on a broken stream. */
export function readBytes(
  req: IncomingMessage,
  maxBytes: number,
): Promise<{ bytes?: Buffer; tooLarge?: boolean; failed?: boolean }> {
  return new Promise((resolve) => {
    let size = 0;
    const chunks: Buffer[] = [];
    let done = false;
    req.on("data", (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > maxBytes) {
        done = true;
        resolve({ tooLarge: true });
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      if (!done) resolve({ bytes: Buffer.concat(chunks) });
      done = true;
    });
    req.on("error", () => {
      if (!done) resolve({ failed: true });
      done = true;
    });
  });
}
