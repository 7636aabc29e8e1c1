import { describe, expect, it } from "vitest";
import { loadServerEnv } from "../../../server/config";

describe("loadServerEnv", () => {
  it("has working defaults for local use", () => {
    const env = loadServerEnv({});
    expect(env).toMatchObject({ PORT: 3000, HOST: "0.0.0.0", TRUST_PROXY: false, EMBEDDED_PG_PORT: 54_329 });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.NEXTAUTH_SECRET).toBeUndefined();
  });

  it("treats empty strings as unset", () => {
    expect(
      loadServerEnv({ DATABASE_URL: "", REDIS_URL: " ", NEXTAUTH_SECRET: "" }).DATABASE_URL,
    ).toBeUndefined();
  });

  it("parses what is given", () => {
    const env = loadServerEnv({
      PORT: "8080",
      HOST: "127.0.0.1",
      DATABASE_URL: "postgresql://u:p@db:5432/quorum",
      REDIS_URL: "redis://cache:6379",
      NEXTAUTH_SECRET: "0123456789abcdef0123",
      NEXTAUTH_URL: "https://quorum.example.com",
      TRUST_PROXY: "1",
    });
    expect(env).toMatchObject({
      PORT: 8080,
      HOST: "127.0.0.1",
      TRUST_PROXY: true,
      REDIS_URL: "redis://cache:6379",
    });
  });

  it.each([
    [{ PORT: "http" }, /PORT/],
    [{ PORT: "70000" }, /PORT/],
    [{ DATABASE_URL: "mysql://x/y" }, /DATABASE_URL/],
    [{ REDIS_URL: "http://x" }, /REDIS_URL/],
    [{ NEXTAUTH_SECRET: "short" }, /NEXTAUTH_SECRET: must be at least 16/],
  ])("refuses %j naming the variable", (env, message) => {
    expect(() => loadServerEnv(env)).toThrow(message);
  });
});
