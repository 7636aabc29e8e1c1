import { getPrisma } from "../db/client";

/**
 * Returns the user behind an OAuth identity, creating the user (or linking an existing one with the same
 * verified email) on first sign-in.
 */
export async function linkOAuthAccount(input: {
  provider: string;
  providerAccountId: string;
  email: string;
  name: string;
  image?: string | null;
}): Promise<{ id: string; name: string; email: string }> {
  const prisma = getPrisma();
  return prisma.$transaction(async (tx) => {
    const existing = await tx.account.findUnique({
      where: {
        provider_providerAccountId: { provider: input.provider, providerAccountId: input.providerAccountId },
      },
      select: { user: { select: { id: true, name: true, email: true } } },
    });
    if (existing) return existing.user;
    const user = await tx.user.upsert({
      where: { email: input.email },
      create: { email: input.email, name: input.name, image: input.image ?? null },
      update: {},
      select: { id: true, name: true, email: true },
    });
    await tx.account.create({
      data: { userId: user.id, provider: input.provider, providerAccountId: input.providerAccountId },
    });
    return user;
  });
}
