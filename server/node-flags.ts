/**
 * V8 flags the server process runs with. Node accepts only a few V8 flags in NODE_OPTIONS, so every launcher
 * puts these on its command line: `npm start` (package.json), the cluster launcher, the browser tests' server
 * (playwright.config.ts) and the test and benchmark fixture. tests/unit/server/node-flags.test.ts checks that
 * package.json's start script carries them.
 *
 * `--no-memory-reducer`: when the server goes quiet, V8's memory reducer runs a shrinking collection and then
 * sets the heap's next limit barely above what is live (about 10 MB over 110 MB here). Once load returns, a
 * major collection follows every 10 s or so, and each one marks the whole heap (most of it Next.js's and
 * Prisma's code) and holds the socket path up for tens of milliseconds: those are the live-room benchmark's
 * worst rounds (see the README's Benchmarks). Without the reducer a server that is busy again ran no major
 * collection in any of its measured 500-room turns (three runs of ten), against three or four in ten with it.
 * The cost is memory: the heap is not shrunk while the server is idle.
 */
export const SERVER_NODE_FLAGS = ["--no-memory-reducer"] as const;

/** The flags this process was started without (the server logs them at startup). */
export function missingNodeFlags(execArgv: readonly string[] = process.execArgv): string[] {
  return SERVER_NODE_FLAGS.filter((flag) => !execArgv.includes(flag));
}
