import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

// One client per process. The custom server and the Next.js bundle load this module separately (the bundle
// has its own module graph), so the instance lives on globalThis to keep one pool, not two.
const globalForPrisma = globalThis as unknown as { __quorumPrisma?: PrismaClient };

export function getPrisma(): PrismaClient {
  if (!globalForPrisma.__quorumPrisma) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString)
      throw new Error("DATABASE_URL is not set (the server sets it before anything else runs)");
    globalForPrisma.__quorumPrisma = new PrismaClient({
      adapter: new PrismaPg({ connectionString, max: 10 }),
    });
  }
  return globalForPrisma.__quorumPrisma;
}

export async function disconnectPrisma(): Promise<void> {
  const client = globalForPrisma.__quorumPrisma;
  globalForPrisma.__quorumPrisma = undefined;
  await client?.$disconnect();
}
