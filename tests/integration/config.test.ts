import { describe, expect, it } from "vitest";
import { requireEnv } from "../fixtures/database";
import { TEST_REDIS_URL as REDIS_URL, reachable } from "../fixtures/redis";
import { startTestServer } from "../fixtures/server";

const hasRedis = await reachable(REDIS_URL);
if (!hasRedis && process.env.CI) throw new Error(`CI must have Redis at ${REDIS_URL}`);

describe.skipIf(!hasRedis)("REDIS_URL", () => {
  it("switches on socket.io's Redis adapter and is reported by /api/health", async () => {
    const server = await startTestServer({
      DATABASE_URL: requireEnv("TEST_DATABASE_URL"),
      NEXTAUTH_SECRET: "integration-secret-redis-0123456789",
      REDIS_URL,
    });
    try {
      expect(server.logs.some((l) => l.msg === "redis adapter on")).toBe(true);
      const health = await (await fetch(`${server.url}/api/health`)).json();
      expect(health.redis).toEqual({ status: "ok" });
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});

describe("configuration", () => {
  it("refuses to start on a bad value and names the variable", async () => {
    await expect(
      startTestServer({ DATABASE_URL: requireEnv("TEST_DATABASE_URL"), REDIS_URL: "http://not-redis" }),
    ).rejects.toThrow(/REDIS_URL/);
  });
});

describe("OAuth providers", () => {
  it("are off without ids and on when their ids are set", async () => {
    const base = {
      DATABASE_URL: requireEnv("TEST_DATABASE_URL"),
      NEXTAUTH_SECRET: "integration-secret-oauth-0123456789",
    };
    const plain = await startTestServer(base);
    try {
      const providers = await (await fetch(`${plain.url}/api/auth/providers`)).json();
      expect(Object.keys(providers)).toEqual(["credentials"]);
      expect(await (await fetch(`${plain.url}/signin`)).text()).not.toContain("Continue with");
    } finally {
      await plain.stop();
    }
    const withOAuth = await startTestServer({
      ...base,
      GITHUB_ID: "gh-id",
      GITHUB_SECRET: "gh-secret",
      GOOGLE_CLIENT_ID: "g-id",
      GOOGLE_CLIENT_SECRET: "g-secret",
    });
    try {
      const providers = await (await fetch(`${withOAuth.url}/api/auth/providers`)).json();
      expect(Object.keys(providers).sort()).toEqual(["credentials", "github", "google"]);
      const html = await (await fetch(`${withOAuth.url}/signin`)).text();
      expect(html).toContain("Continue with <!-- -->GitHub");
      expect(html).toContain("Continue with <!-- -->Google");
    } finally {
      await withOAuth.stop();
    }
  });
});
