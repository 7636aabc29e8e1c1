import { getPrisma } from "../db/client";

export function findUserByEmail(email: string) {
  return getPrisma().user.findUnique({
    where: { email },
    select: { id: true, name: true, email: true, passwordHash: true },
  });
}
