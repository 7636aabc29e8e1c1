import path from "node:path";
import { z } from "zod";
import { ZIceServersJson } from "../lib/protocol/call";

// Every environment variable the server honours, parsed once at start. README's configuration table lists
// the same names; a bad value stops the process with a message naming the variable.

const ZOptionalString = z
  .string()
  .trim()
  .transform((s) => (s === "" ? undefined : s))
  .optional();

export const ZServerEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().trim().min(1).default("0.0.0.0"),
  DATABASE_URL: ZOptionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  REDIS_URL: ZOptionalString.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  NEXTAUTH_SECRET: ZOptionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
  NEXTAUTH_URL: ZOptionalString.pipe(z.url().optional()),
  QUORUM_DATA_DIR: ZOptionalString,
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65_535).default(54_329),
  TRUST_PROXY: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  LOG_FORMAT: z.enum(["json", "pretty"]).optional(),
  GITHUB_ID: ZOptionalString,
  GITHUB_SECRET: ZOptionalString,
  GOOGLE_CLIENT_ID: ZOptionalString,
  GOOGLE_CLIENT_SECRET: ZOptionalString,
  QUORUM_DEV: ZOptionalString,
  ICE_SERVERS: ZIceServersJson,
  /** Recorded call audio older than this many days is deleted (hourly sweep). Unset: kept until deleted. */
  RECORDING_RETENTION_DAYS: ZOptionalString.pipe(
    z.coerce.number<string | undefined>().int().min(1).max(36_500).optional(),
  ),
  /** Wall time one simulator check (GET /api/rooms/:id/sim) may simulate. Unset: SIM_CHECK.budgetMs. */
  QUORUM_SIM_CHECK_BUDGET_MS: ZOptionalString.pipe(
    z.coerce.number<string | undefined>().int().min(1).max(60_000).optional(),
  ),
});

export type TServerEnv = z.infer<typeof ZServerEnv>;

export function loadServerEnv(env: Record<string, string | undefined> = process.env): TServerEnv {
  const parsed = ZServerEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

// Inside Next's server bundle (a page reading the configuration) import.meta.dirname is undefined; the server
// always runs from the project root, which is then the working directory.
export const PROJECT_ROOT = import.meta.dirname ? path.resolve(import.meta.dirname, "..") : process.cwd();

/** Where local state lives when nothing else is configured: embedded Postgres, the generated auth secret. */
export function dataDir(env: TServerEnv): string {
  return path.resolve(PROJECT_ROOT, env.QUORUM_DATA_DIR ?? ".quorum");
}

export const APP_VERSION: string = process.env.npm_package_version ?? "0.1.0";
