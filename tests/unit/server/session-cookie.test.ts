import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "../../../server/auth/current-user";
import { parseCookies, userFromCookieHeader } from "../../../server/auth/session-cookie";

const SECRET = "unit-test-secret-0123456789abcdef";

describe("parseCookies", () => {
  it("splits, trims and decodes", () => {
    const c = parseCookies("a=1; b = two%20words ;c=%E0%A4%A; =skip; d");
    expect([...c.entries()]).toEqual([
      ["a", "1"],
      ["b", "two words"],
      ["c", "%E0%A4%A"],
    ]);
  });
});

describe("userFromCookieHeader", () => {
  it("reads the user from a valid token, plain or chunked", async () => {
    const token = await encode({ token: { sub: "u1", name: "Ada" }, secret: SECRET });
    expect(await userFromCookieHeader(`next-auth.session-token=${token}`, SECRET)).toEqual({
      id: "u1",
      name: "Ada",
    });
    const half = Math.floor(token.length / 2);
    const chunked = `next-auth.session-token.0=${token.slice(0, half)}; next-auth.session-token.1=${token.slice(half)}`;
    expect(await userFromCookieHeader(chunked, SECRET)).toEqual({ id: "u1", name: "Ada" });
    expect(await userFromCookieHeader(`__Secure-next-auth.session-token=${token}`, SECRET)).toEqual({
      id: "u1",
      name: "Ada",
    });
  });

  it.each([
    ["no cookie", undefined],
    ["other cookies", "theme=dark"],
    ["garbage", "next-auth.session-token=abc.def.ghi"],
  ])("returns null for %s", async (_l, header) => {
    expect(await userFromCookieHeader(header, SECRET)).toBeNull();
  });

  it("returns null for expired tokens and tokens without a subject", async () => {
    const expired = await encode({ token: { sub: "u1" }, secret: SECRET, maxAge: -10 });
    expect(await userFromCookieHeader(`next-auth.session-token=${expired}`, SECRET)).toBeNull();
    const anonymous = await encode({ token: { name: "x" }, secret: SECRET });
    expect(await userFromCookieHeader(`next-auth.session-token=${anonymous}`, SECRET)).toBeNull();
  });
});

describe("safeCallbackPath", () => {
  it.each([
    [undefined, "/dashboard"],
    ["/room/abc?x=1", "/room/abc?x=1"],
    ["https://evil.example", "/dashboard"],
    ["//evil.example", "/dashboard"],
    ["/\\evil.example", "/dashboard"],
    ["dashboard", "/dashboard"],
  ])("%s → %s", (input, out) => expect(safeCallbackPath(input)).toBe(out));
});
