import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { type Param, Router } from "../../../server/http/router";

/** A response that remembers what was sent. */
function fakeResponse() {
  const sent = { status: 0, headers: {} as Record<string, string>, body: "" };
  const res = {
    setHeader(name: string, value: string) {
      sent.headers[name.toLowerCase()] = value;
    },
    writeHead(status: number, headers: Record<string, string> = {}) {
      sent.status = status;
      for (const [k, v] of Object.entries(headers)) sent.headers[k.toLowerCase()] = v;
    },
    end(body = "") {
      sent.body = String(body);
    },
  };
  return { res: res as unknown as ServerResponse, sent };
}

interface Ctx {
  res: ServerResponse;
  /** Which parameters were resolved, in order, and what each route was given. */
  log: string[];
}

const ID = /^[a-z0-9]+$/;
const PARAMS = {
  id: {
    resolve: (segment: string, ctx: Ctx) => {
      ctx.log.push(`resolve id=${segment}`);
      return ID.test(segment) && segment !== "gone" ? { roomId: segment } : null;
    },
    refuse: (ctx: Ctx) => ctx.log.push("refuse id"),
  },
  shareId: {
    resolve: async (segment: string, ctx: Ctx) => {
      ctx.log.push(`resolve shareId=${segment}`);
      return ID.test(segment) ? segment : null;
    },
    refuse: (ctx: Ctx) => ctx.log.push("refuse shareId"),
  },
} satisfies Record<string, Param<Ctx, unknown>>;

const router = new Router<Ctx, typeof PARAMS>({ params: PARAMS })
  .route("POST", "/api/rooms", (ctx) => ctx.log.push("open"))
  .route("GET", "/api/rooms/:id", (ctx, { id }) => ctx.log.push(`describe ${id.roomId}`))
  .route("GET", "/api/rooms/:id/shares", (ctx, { id }) => ctx.log.push(`list ${id.roomId}`))
  .route("POST", "/api/rooms/:id/shares", (ctx, { id }) => ctx.log.push(`share ${id.roomId}`))
  .route("GET", "/api/rooms/:id/shares/:shareId", (ctx, { id, shareId }) =>
    ctx.log.push(`show ${id.roomId}/${shareId}`),
  )
  .route("DELETE", "/api/rooms/:id/shares/mine", (ctx, { id }) => ctx.log.push(`revoke mine ${id.roomId}`))
  .route("DELETE", "/api/rooms/:id/shares/:shareId", (ctx, { id, shareId }) =>
    ctx.log.push(`revoke ${id.roomId}/${shareId}`),
  );

const shapeOf = (method: string, path: string) => {
  const m = router.match(method, path);
  if (m.kind === "found") return { pattern: m.route.pattern, segments: m.segments };
  if (m.kind === "method_not_allowed") return { allow: m.allow };
  return "not_found";
};

describe("router: a path's shape decides the route, 405 or 404", () => {
  // [method, path, expected]
  it.each([
    ["POST", "/api/rooms", { pattern: "/api/rooms", segments: {} }],
    ["GET", "/api/rooms/r1", { pattern: "/api/rooms/:id", segments: { id: "r1" } }],
    [
      "GET",
      "/api/rooms/r1/shares/s9",
      { pattern: "/api/rooms/:id/shares/:shareId", segments: { id: "r1", shareId: "s9" } },
    ],
    // Trailing and doubled slashes are no different path.
    ["POST", "/api/rooms/", { pattern: "/api/rooms", segments: {} }],
    ["GET", "/api/rooms/r1/", { pattern: "/api/rooms/:id", segments: { id: "r1" } }],
    ["GET", "//api//rooms//r1//", { pattern: "/api/rooms/:id", segments: { id: "r1" } }],
    // Nothing is percent-decoded: an encoded slash stays inside its segment, an encoded letter is no letter.
    ["GET", "/api/rooms/r1%2Fshares", { pattern: "/api/rooms/:id", segments: { id: "r1%2Fshares" } }],
    ["GET", "/api/rooms/%2e%2e", { pattern: "/api/rooms/:id", segments: { id: "%2e%2e" } }],
    ["GET", "/api/room%73/r1", "not_found"],
    ["GET", "/api/rooms/r1/%73hares", "not_found"],
    // The first route whose pattern and method match wins: a literal before a parameter where listed so.
    [
      "DELETE",
      "/api/rooms/r1/shares/mine",
      { pattern: "/api/rooms/:id/shares/mine", segments: { id: "r1" } },
    ],
    [
      "GET",
      "/api/rooms/r1/shares/mine",
      { pattern: "/api/rooms/:id/shares/:shareId", segments: expect.anything() },
    ],
    // A path that exists with other methods: 405, and Allow lists each of them once, in table order.
    ["GET", "/api/rooms", { allow: ["POST"] }],
    ["PUT", "/api/rooms/r1", { allow: ["GET"] }],
    ["DELETE", "/api/rooms/r1/shares", { allow: ["GET", "POST"] }],
    ["POST", "/api/rooms/r1/shares/s9", { allow: ["GET", "DELETE"] }],
    ["HEAD", "/api/rooms/r1", { allow: ["GET"] }],
    // A path no route has: 404, whatever the method.
    ["GET", "/api", "not_found"],
    ["GET", "/api/rooms/r1/bogus", "not_found"],
    ["DELETE", "/api/rooms/r1/shares/s9/extra", "not_found"],
    ["POST", "/api/roomsx", "not_found"],
  ] as const)("%s %s", (method, path, expected) => {
    expect(shapeOf(method, path)).toEqual(expected);
  });
});

async function serve(method: string, path: string) {
  const { res, sent } = fakeResponse();
  const ctx: Ctx = { res, log: [] };
  await router.serve(ctx, method, path);
  return { log: ctx.log, sent };
}

describe("router: serving resolves parameters in path order; the first refusal answers", () => {
  // [method, path, log]
  it.each([
    ["GET", "/api/rooms/r1", ["resolve id=r1", "describe r1"]],
    ["GET", "/api/rooms/r1/shares/s9", ["resolve id=r1", "resolve shareId=s9", "show r1/s9"]],
    ["DELETE", "/api/rooms/r1/shares/s9", ["resolve id=r1", "resolve shareId=s9", "revoke r1/s9"]],
    // The room is refused before the share id is even looked at.
    ["GET", "/api/rooms/gone/shares/s9", ["resolve id=gone", "refuse id"]],
    ["GET", "/api/rooms/gone/shares/S!", ["resolve id=gone", "refuse id"]],
    ["GET", "/api/rooms/r1/shares/S!", ["resolve id=r1", "resolve shareId=S!", "refuse shareId"]],
    // An encoded segment reaches its parameter as it came, and the parameter's schema refuses it.
    ["GET", "/api/rooms/r%31", ["resolve id=r%31", "refuse id"]],
    // 404 and 405 resolve nothing.
    ["PUT", "/api/rooms/gone", []],
    ["GET", "/api/rooms/gone/bogus", []],
  ] as const)("%s %s", async (method, path, log) => {
    expect((await serve(method, path)).log).toEqual(log);
  });

  it("answers 405 with Allow when the path exists with other methods", async () => {
    const { sent } = await serve("PATCH", "/api/rooms/r1/shares");
    expect(sent.status).toBe(405);
    expect(sent.headers.allow).toBe("GET, POST");
    expect(JSON.parse(sent.body)).toEqual({
      error: { code: "method_not_allowed", message: "Use GET or POST here, not PATCH." },
    });
  });

  it("answers 405 in the API's own words when it has some", async () => {
    const readOnly = new Router<Ctx>({ params: {}, methodNotAllowed: "Share links are read-only." }).route(
      "GET",
      "/api/shared",
      () => {},
    );
    const { res, sent } = fakeResponse();
    await readOnly.serve({ res, log: [] }, "POST", "/api/shared/");
    expect([sent.status, sent.headers.allow, JSON.parse(sent.body).error]).toEqual([
      405,
      "GET",
      { code: "method_not_allowed", message: "Share links are read-only." },
    ]);
  });

  it("answers 404 without Allow when no route has the path", async () => {
    const { sent } = await serve("GET", "/api/rooms/r1/bogus");
    expect(sent.status).toBe(404);
    expect(sent.headers.allow).toBeUndefined();
    expect(JSON.parse(sent.body)).toEqual({ error: { code: "not_found", message: "No such endpoint." } });
  });
});

describe("router: a route table is checked as it is built", () => {
  it.each([
    ["a parameter the API doesn't declare", "/api/rooms/:nope"],
    ["the same parameter twice", "/api/rooms/:id/copy/:id"],
  ])("refuses %s", (_what, pattern) => {
    const table = new Router<Ctx, typeof PARAMS>({ params: PARAMS });
    // The compiler refuses an undeclared name too; the cast shows the run-time check on its own.
    expect(() => table.route("GET", pattern as "/api/rooms/:id", () => {})).toThrow(/not a parameter/);
  });
});
