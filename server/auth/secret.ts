import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * The session-signing secret for local use: generated on first start and kept in the data folder, so sessions
 * survive restarts and nobody has to configure anything. NEXTAUTH_SECRET, when set, wins.
 */
export async function loadOrCreateSecret(dir: string): Promise<{ secret: string; created: boolean }> {
  const file = path.join(dir, "auth-secret");
  if (existsSync(file)) {
    const secret = (await readFile(file, "utf8")).trim();
    if (secret.length >= 32) return { secret, created: false };
  }
  await mkdir(dir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  await writeFile(file, secret, { mode: 0o600 });
  return { secret, created: true };
}
