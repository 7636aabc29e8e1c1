import type { IncomingMessage, ServerResponse } from "node:http";

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
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

/** State-changing requests must come from our own pages (the session cookie is SameSite=Lax; this is a second lock). */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true; // non-browser clients (tests, curl) send none; browsers always do on POST
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
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
