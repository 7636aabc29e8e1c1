import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

// HTTP security headers for every response the process sends: Next's pages and assets, the custom server's JSON
// API and socket.io's HTTP long-polling. One place, so the pages and the API can't drift apart.

export interface SecurityHeaderOptions {
  /** Development server: React and the bundler's hot reload need eval. */
  dev: boolean;
  /** NEXTAUTH_URL is https: the site is public over TLS, whatever the hop to this process is. */
  publicHttps: boolean;
  /** TRUST_PROXY: X-Forwarded-Proto from the load balancer may be believed. */
  trustProxy: boolean;
}

/** A host as browsers send it (name or IPv4 or [IPv6], optional port); anything else never reaches a header. */
const HOST = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** One year, and not `includeSubDomains`: other hosts under the operator's domain may not all speak TLS. */
const HSTS = "max-age=31536000";

/**
 * The Content-Security-Policy of one response. Scripts: this origin, plus inline scripts carrying the request's
 * nonce (Next's App Router streams its data as inline scripts and stamps them with the nonce it finds in the
 * request's own CSP header). Styles allow 'unsafe-inline': Excalidraw and React set inline styles, and a nonce
 * here would switch 'unsafe-inline' off. No third-party origin anywhere.
 */
export function contentSecurityPolicy(p: {
  nonce: string;
  dev: boolean;
  https: boolean;
  host?: string;
}): string {
  // Older Safari doesn't count ws:/wss: of this host as 'self', so the socket's origin is named as well.
  const sockets = p.host && HOST.test(p.host) ? ` ws://${p.host} wss://${p.host}` : "";
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${p.nonce}' 'report-sample'${p.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${sockets}`,
    // Excalidraw starts a module worker from our own chunks (font subsetting for SVG export).
    "worker-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (p.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** Whether the browser reached us over https: the configured public URL says so, or a trusted proxy does. */
function servedOverHttps(req: IncomingMessage, o: SecurityHeaderOptions): boolean {
  if (o.publicHttps) return true;
  if (!o.trustProxy) return false;
  const proto = req.headers["x-forwarded-proto"];
  return (Array.isArray(proto) ? proto[0] : proto)?.split(",")[0]?.trim().toLowerCase() === "https";
}

/**
 * Sets the security headers on `res` and hands the nonce to Next: Next reads the nonce from the *request's*
 * Content-Security-Policy header (a header a client sends is overwritten here, so it can't pick its own).
 * Pages must render dynamically for this to hold (a prerendered page's inline scripts have no nonce); today
 * every page reads the session, so every page does.
 */
export function applySecurityHeaders(
  req: IncomingMessage,
  res: ServerResponse,
  o: SecurityHeaderOptions,
): void {
  const nonce = randomBytes(16).toString("base64");
  const https = servedOverHttps(req, o);
  const csp = contentSecurityPolicy({ nonce, dev: o.dev, https, host: req.headers.host });
  req.headers["content-security-policy"] = csp;
  delete req.headers["content-security-policy-report-only"];
  res.setHeader("Content-Security-Policy", csp);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  // Superseded by frame-ancestors in every current browser; kept for the ones that predate it.
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
  // Microphone and camera for this origin only (the voice feature); everything else off.
  res.setHeader(
    "Permissions-Policy",
    "microphone=(self), camera=(self), display-capture=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
  );
  // Sent only when the browser really is on https: over plain http it would be ignored, and on a local
  // http://localhost it would be wrong to ask for.
  if (https) res.setHeader("Strict-Transport-Security", HSTS);
}
