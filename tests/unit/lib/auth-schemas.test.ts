import { describe, expect, it } from "vitest";
import { fieldErrors, passwordWeakness, ZSignIn, ZSignUp } from "../../../lib/auth/schemas";

describe("passwordWeakness", () => {
  it.each([
    ["short", null, /at least 10/],
    ["aaaaaaaaaaaa", null, /different characters/],
    ["Password123", null, /too common/],
    ["grace.hopper-rocks", "grace.hopper@navy.mil", /email/],
    ["x".repeat(201), null, /at most 200/],
    ["correct horse battery", null, null],
    ["Tr0ub4dor&3xyz", "someone@example.com", null],
  ])("%s → %s", (pw, email, expected) => {
    const got = passwordWeakness(pw, email ?? undefined);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toMatch(expected);
  });
});

describe("ZSignUp", () => {
  it("normalises email and trims the name", () => {
    const v = ZSignUp.parse({
      name: "  Ada  ",
      email: " ADA@Example.COM ",
      password: "correct horse battery",
    });
    expect(v).toEqual({ name: "Ada", email: "ada@example.com", password: "correct horse battery" });
  });

  it("reports one message per field", () => {
    const r = ZSignUp.safeParse({ name: "", email: "nope", password: "x" });
    expect(r.success).toBe(false);
    if (!r.success) expect(Object.keys(fieldErrors(r.error)).sort()).toEqual(["email", "name", "password"]);
  });

  it.each([["<b>bold</b>"], ["tab\tname"], ["x".repeat(81)]])("refuses the name %j", (name) => {
    expect(ZSignUp.safeParse({ name, email: "a@b.co", password: "correct horse battery" }).success).toBe(
      false,
    );
  });
});

describe("ZSignIn", () => {
  it("needs both fields", () => {
    expect(ZSignIn.safeParse({ email: "a@b.co", password: "" }).success).toBe(false);
    expect(ZSignIn.safeParse({ email: "a@b.co", password: "x" }).success).toBe(true);
  });
});
