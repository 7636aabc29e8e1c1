import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "../../../server/auth/current-user";
import { decodeSessionCookie, parseCookies, userFromCookieHeader } from "../../../server/auth/session-cookie";

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

describe("decodeSessionCookie", () => {
  const ada = { id: "u1", name: "Ada", sid: "s1" };

  it("reads the user and sign-in from a valid token, plain or chunked", async () => {
    const token = await encode({ token: { sub: "u1", name: "Ada", sid: "s1" }, secret: SECRET });
    expect(await decodeSessionCookie(`next-auth.session-token=${token}`, SECRET)).toEqual(ada);
    const half = Math.floor(token.length / 2);
    const chunked = `next-auth.session-token.0=${token.slice(0, half)}; next-auth.session-token.1=${token.slice(half)}`;
    expect(await decodeSessionCookie(chunked, SECRET)).toEqual(ada);
    expect(await decodeSessionCookie(`__Secure-next-auth.session-token=${token}`, SECRET)).toEqual(ada);
  });

  it.each([
    ["no cookie", undefined],
    ["other cookies", "theme=dark"],
    ["garbage", "next-auth.session-token=abc.def.ghi"],
  ])("returns null for %s", async (_l, header) => {
    expect(await decodeSessionCookie(header, SECRET)).toBeNull();
  });

  it("returns null for expired tokens, tokens without a subject and tokens without a sign-in", async () => {
    const expired = await encode({ token: { sub: "u1", sid: "s1" }, secret: SECRET, maxAge: -10 });
    expect(await decodeSessionCookie(`next-auth.session-token=${expired}`, SECRET)).toBeNull();
    const anonymous = await encode({ token: { name: "x", sid: "s1" }, secret: SECRET });
    expect(await decodeSessionCookie(`next-auth.session-token=${anonymous}`, SECRET)).toBeNull();
    const unrecorded = await encode({ token: { sub: "u1", name: "Ada" }, secret: SECRET });
    expect(await decodeSessionCookie(`next-auth.session-token=${unrecorded}`, SECRET)).toBeNull();
  });
});

describe("userFromCookieHeader", () => {
  it("accepts a token only while its sign-in is live", async () => {
    const token = await encode({ token: { sub: "u1", name: "Ada", sid: "s1" }, secret: SECRET });
    const asked: string[] = [];
    const live = (ok: boolean) => async (sid: string, userId: string) => {
      asked.push(`${sid}/${userId}`);
      return ok;
    };
    const header = `next-auth.session-token=${token}`;
    expect(await userFromCookieHeader(header, SECRET, live(true))).toEqual({
      id: "u1",
      name: "Ada",
      sid: "s1",
    });
    expect(await userFromCookieHeader(header, SECRET, live(false))).toBeNull();
    expect(asked).toEqual(["s1/u1", "s1/u1"]);
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
