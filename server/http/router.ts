import type { ServerResponse } from "node:http";
import { sendError } from "./json";

// The JSON APIs' route tables. A route is a method and a pattern ("/api/rooms/:id/shares/:shareId"); a `:name`
// segment is a path parameter, and every API declares what each of its parameters means: how a segment becomes
// a value for this caller (an id parsed, a room looked up and the caller's seat in it checked), and what to answer
// when it names nothing they may use. Handlers only ever see parameters that resolved.
//
// Invariants:
// - Paths are compared by their non-empty segments: "/api/rooms/" is "/api/rooms", "/api//rooms" too.
// - Nothing is percent-decoded: a segment is compared and handed to its parameter as it came, so "%2F" can't
//   become a separator nor "%61" a letter of a literal segment; each parameter's own schema decides (the ids'
//   schemas admit no "%").
// - 404 and 405 depend on the path's shape alone, never on what its parameters name: a wrong method learns
//   nothing about a room or a link.

export type Method = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";

/** The parameter names in a pattern: `"/api/rooms/:id/shares/:shareId"` → `"id" | "shareId"`. */
export type ParamName<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamName<Rest>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/** What one path parameter means to an API. */
export interface Param<Ctx, T> {
  /** The value `segment` names for this caller, or null when it names nothing they may use. */
  resolve: (segment: string, ctx: Ctx) => T | null | Promise<T | null>;
  /** Answers a request whose segment resolved to null. */
  refuse: (ctx: Ctx) => void;
}

type ParamTable<Ctx> = Record<string, Param<Ctx, unknown>>;
type Resolved<T> = T extends Param<never, infer V> ? V : never;

/** The values a handler gets for `pattern`, by name. */
export type ParamValues<P extends string, Ps> = {
  [K in ParamName<P>]: K extends keyof Ps ? Resolved<Ps[K]> : never;
};

/** A pattern whose parameters all exist in `Ps`; otherwise the compiler names the missing one. */
type KnownParams<P extends string, Ps> = [Exclude<ParamName<P>, keyof Ps>] extends [never]
  ? unknown
  : { unknownParameter: Exclude<ParamName<P>, keyof Ps> };

type Handler<Ctx, V> = (ctx: Ctx, params: V) => unknown;

interface Route<Ctx> {
  method: Method;
  pattern: string;
  segments: readonly string[];
  handler: Handler<Ctx, Record<string, unknown>>;
}

/** What a method and path come to, before any parameter is resolved. */
export type RouteMatch<Ctx> =
  | { kind: "found"; route: Route<Ctx>; segments: Record<string, string> }
  | { kind: "method_not_allowed"; allow: Method[] }
  | { kind: "not_found" };

/** A path's non-empty segments, as they came (not percent-decoded). */
export function pathSegments(path: string): string[] {
  return path.split("/").filter(Boolean);
}

/** The raw parameter segments when `parts` has the shape of `pattern`, else null. */
function bind(pattern: readonly string[], parts: readonly string[]): Record<string, string> | null {
  if (pattern.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (const [i, p] of pattern.entries()) {
    const part = parts[i]!;
    if (p.startsWith(":")) params[p.slice(1)] = part;
    else if (p !== part) return null;
  }
  return params;
}

export interface RouterOptions<Ps> {
  params: Ps;
  /** The 405 message, when the API has words of its own for it. */
  methodNotAllowed?: string;
}

/**
 * One API's route table. The first route whose pattern and method both match is served; a path some route has
 * but not with this method is answered 405 with `Allow`; any other path, 404.
 */
export class Router<Ctx extends { res: ServerResponse }, Ps extends ParamTable<Ctx> = Record<never, never>> {
  private readonly routes: Route<Ctx>[] = [];

  constructor(private readonly options: RouterOptions<Ps>) {}

  route<P extends string>(
    method: Method,
    pattern: P & KnownParams<P, Ps>,
    handler: Handler<Ctx, ParamValues<P, Ps>>,
  ): this {
    const segments = pathSegments(pattern);
    const names = segments.filter((s) => s.startsWith(":")).map((s) => s.slice(1));
    for (const name of names)
      if (!Object.hasOwn(this.options.params, name) || names.indexOf(name) !== names.lastIndexOf(name))
        throw new Error(`route ${pattern}: :${name} is not a parameter of this API, or appears twice`);
    // Sound: serve() calls the handler only with every parameter of `pattern` resolved by its Param.
    this.routes.push({
      method,
      pattern,
      segments,
      handler: handler as Handler<Ctx, Record<string, unknown>>,
    });
    return this;
  }

  match(method: string, path: string): RouteMatch<Ctx> {
    const parts = pathSegments(path);
    const allow: Method[] = [];
    for (const route of this.routes) {
      const segments = bind(route.segments, parts);
      if (!segments) continue;
      if (route.method === method) return { kind: "found", route, segments };
      if (!allow.includes(route.method)) allow.push(route.method);
    }
    return allow.length > 0 ? { kind: "method_not_allowed", allow } : { kind: "not_found" };
  }

  /** Answers the request: resolves the route's parameters in path order (the first refusal ends it), then runs it. */
  async serve(ctx: Ctx, method: string, path: string): Promise<void> {
    const found = this.match(method, path);
    if (found.kind === "not_found") return sendError(ctx.res, 404, "not_found", "No such endpoint.");
    if (found.kind === "method_not_allowed") {
      ctx.res.setHeader("Allow", found.allow.join(", "));
      const message = this.options.methodNotAllowed ?? `Use ${found.allow.join(" or ")} here, not ${method}.`;
      return sendError(ctx.res, 405, "method_not_allowed", message);
    }
    const values: Record<string, unknown> = {};
    for (const [name, segment] of Object.entries(found.segments)) {
      const param = this.options.params[name]!;
      const value = await param.resolve(segment, ctx);
      if (value === null) return param.refuse(ctx);
      values[name] = value;
    }
    await found.route.handler(ctx, values);
  }
}
