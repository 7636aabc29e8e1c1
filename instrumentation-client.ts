import { z } from "zod";

// Runs in the browser before the app's own code (a Next.js file convention). Zod compiles its object parsers
// with `new Function` unless told not to, and merely probing for that is reported as a violation of our
// Content-Security-Policy (no 'unsafe-eval'): so the browser parses without the compiled fast path. The server
// keeps it.
z.config({ jitless: true });
