/**
 * V8 flags the server process runs with. Node accepts only a few V8 flags in NODE_OPTIONS, so every launcher
 * puts these on its command line: `npm start` (package.json), the cluster launcher, the browser tests' server
 * (playwright.config.ts) and the test and benchmark fixture. tests/unit/server/node-flags.test.ts checks that
 * package.json's start script carries them.
 *
 * `--no-memory-reducer`: when the server goes quiet, V8's memory reducer runs a shrinking collection and then
 * sets the heap's next limit barely above what is live (about 10 MB over 110 MB here). Once load returns, a
 * major collection follows every 10 s or so, and each one marks the whole heap (then most of it Next.js's and
 * Prisma's code; Next.js has since moved to the pages process, which runs without these flags since it holds
 * no live room) and holds the socket path up for tens of milliseconds: those are the live-room benchmark's
 * worst rounds (see the README's Benchmarks). Without the reducer a server that is busy again ran no major
 * collection in any of its measured 500-room turns (three runs of ten), against three or four in ten with it.
 * The cost is memory: the heap is not shrunk while the server is idle.
 *
 * `--max-semi-space-size=64` (MB; V8's default here is 16): a larger young generation. At 500 busy rooms the
 * server allocated its 16 MB semi-space in under two seconds, and each scavenge copied what was still alive:
 * ops in flight, the newest room states and events, and much that would have died a second later. Scavenges
 * came about once a second and paused the socket path 3–10 ms each, the most frequent stall in a turn. With a
 * 64 MB ceiling they come every 3–6 s, less of what they copy is short-lived, less is promoted to the old
 * generation (so major collections come later), and the GC pause per op in the room bench fell from 10–18 µs
 * to 6–10 µs.
 * The cost is memory: up to 96 MB more of young generation (two 64 MB semi-spaces instead of two of 16).
 *
 * `--initial-old-space-size=256` (MB): once Next.js moved to the pages process, this process's live heap
 * became small, and V8 sets the next major collection's trigger a little above what is live. Room state grows
 * with every op, so at 500 rooms major collections came in 1 to 4 of 10 measured turns (8–14 ms pauses) in
 * seven of eight runs. With the old generation's starting limit at 256 MB, two interleaved runs had none
 * (pooled ratios to the relay 1.59× and 1.63×, against 2.58× and 3.76× without the flag in the runs between).
 * Not verified: whether V8 keeps this floor after its first major collection. The cost is memory: the old
 * generation may grow to 256 MB before it is first collected.
 */
export const SERVER_NODE_FLAGS = [
  "--no-memory-reducer",
  "--max-semi-space-size=64",
  "--initial-old-space-size=256",
] as const;

/** The server's command line after `node` (run from the project root): its V8 flags, tsx, the entry point. */
export const SERVER_ARGS = [...SERVER_NODE_FLAGS, "--import", "tsx", "server/index.ts"] as const;

/** The flags this process was started without (the server logs them at startup). */
export function missingNodeFlags(execArgv: readonly string[] = process.execArgv): string[] {
  return SERVER_NODE_FLAGS.filter((flag) => !execArgv.includes(flag));
}
