import { getPrisma } from "../db/client";
import { Prisma } from "../db/generated/client";

export type CreateUserResult =
  | { ok: true; user: { id: string; name: string; email: string } }
  | { ok: false; reason: "email_taken" };

/** Inserts a password account. The unique index on email is the authority on duplicates (no check-then-insert race). */
export async function createUser(input: {
  name: string;
  email: string;
  passwordHash: string;
}): Promise<CreateUserResult> {
  try {
    const user = await getPrisma().user.create({
      data: input,
      select: { id: true, name: true, email: true },
    });
    return { ok: true, user };
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")
      return { ok: false, reason: "email_taken" };
    throw err;
  }
}
