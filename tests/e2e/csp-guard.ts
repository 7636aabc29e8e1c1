import { type BrowserContext, expect } from "@playwright/test";

/**
 * Refusals the app expects and survives, each with the reason; any other violation fails the test. Keep this
 * list short and specific: an entry is a known gap in the policy's coverage, not a way to quiet a test.
 */
const HANDLED: { what: RegExp; why: string }[] = [
  {
    what: /^script-src blocked eval .* sample="\(function anonymous\(body\\n\) \{\\nreturn func/,
    why:
      "Excalidraw's glyph subsetter (SVG export) is built with embind, which names functions through `new Function`. " +
      "We don't allow eval for it: Excalidraw catches the refusal and embeds the whole font file instead (its fonts " +
      "are already split by script, so the export grows by a few kB).",
  },
  { what: /^Skipped glyph subsetting EvalError/, why: "Excalidraw's own log line for that same fallback." },
  { what: /^Failed to use workers for subsetting/, why: "The same fallback, logged from its worker pool." },
];

/**
 * Fails the running test on any Content-Security-Policy violation in `context`'s pages: the browser's own
 * `securitypolicyviolation` event (with the directive, what was blocked and a sample) and its console message
 * (which also covers what the event can't reach). A soft assertion, so the test goes on and reports them all.
 */
export async function failOnCspViolations(context: BrowserContext): Promise<void> {
  const fail = (what: string) => {
    if (HANDLED.some((h) => h.what.test(what))) return;
    try {
      expect.soft(what, "Content-Security-Policy violation").toBe("none");
    } catch {
      // Reported after the test ended (no test to fail): nothing to attach it to.
    }
  };
  await context.exposeBinding("__quorumCspViolation", (_source, what: string) => fail(what));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as { __quorumCspViolation?: (what: string) => void })
        .__quorumCspViolation;
      const where = `${e.sourceFile}:${e.lineNumber}`;
      report?.(
        `${e.effectiveDirective} blocked ${e.blockedURI || "an inline source"} (${where}) sample=${JSON.stringify(e.sample)}`,
      );
    });
  });
  context.on("console", (msg) => {
    if (msg.text().includes("Content Security Policy")) fail(msg.text());
  });
}
