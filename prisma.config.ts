import { defineConfig } from "prisma/config";

// Prisma 7 reads the datasource URL from here. The app itself never relies on this file: server/db
// builds the client with a driver adapter and migrates through the WebAssembly schema engine.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/quorum" },
});
