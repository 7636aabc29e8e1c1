import { hash, verify } from "@node-rs/argon2";
import { ARGON2_OPTIONS } from "../constants";

// Algorithm.Argon2id; the package's const enum can't be imported under isolatedModules.
const ARGON2ID = 2;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, ...ARGON2_OPTIONS });
}

// Verifying against a real hash when the email is unknown keeps "no such user" as slow as "wrong password",
// so response times don't reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(
  storedHash: string | null | undefined,
  password: string,
): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hashPassword("not-a-real-password-for-timing");
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}
