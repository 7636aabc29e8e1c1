import type { Redis } from "ioredis";
import { z } from "zod";
import { type TQueueEntry, ZQueueJoin } from "../../lib/protocol/queue";
import { log } from "../log";

export interface Waiting extends TQueueEntry {
  socketId: string;
  /** When they started waiting (ms): whoever waited longer is offered first. */
  since: number;
  /** The process holding the socket (the cluster mode); every entry is this process's in one process. */
  procId?: string;
}

/**
 * Where people wait for a partner. `locked` runs `fn` with the current queue while no other matcher runs (in
 * this process, or in any process sharing the queue), and applies what it returns.
 */
export interface QueueStore {
  locked<T>(fn: (waiting: Waiting[]) => Promise<{ add?: Waiting; remove?: string[]; result: T }>): Promise<T>;
  remove(socketId: string): Promise<void>;
}

/** One process: a list in memory, kept to sockets still connected here. */
export class MemoryQueueStore implements QueueStore {
  private waiting: Waiting[] = [];
  private busy: Promise<unknown> = Promise.resolve();

  constructor(private readonly connected: (socketId: string) => boolean) {}

  locked<T>(
    fn: (waiting: Waiting[]) => Promise<{ add?: Waiting; remove?: string[]; result: T }>,
  ): Promise<T> {
    const run = this.busy.then(async () => {
      this.waiting = this.waiting.filter((w) => this.connected(w.socketId));
      const out = await fn([...this.waiting]);
      if (out.remove) this.waiting = this.waiting.filter((w) => !out.remove!.includes(w.socketId));
      if (out.add) this.waiting.push(out.add);
      return out.result;
    });
    this.busy = run.catch(() => {});
    return run;
  }

  async remove(socketId: string): Promise<void> {
    this.waiting = this.waiting.filter((w) => w.socketId !== socketId);
  }
}

const QUEUE_KEY = "quorum:queue";
const LOCK_KEY = "quorum:queue:lock";
const LOCK_MS = 5_000;
// KEYS[1] lock; ARGV[1] token. Releases only our own lock.
const UNLOCK = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;
const ZWaiting = z.object({
  userId: z.string(),
  displayName: z.string(),
  seat: ZQueueJoin.shape.seat,
  level: ZQueueJoin.shape.level,
  anonymous: z.boolean(),
  socketId: z.string(),
  since: z.number(),
  procId: z.string(),
});

/**
 * Several processes: the queue is a Redis hash (socket id → entry) and matching takes a Redis lock, so two
 * people waiting on different processes find each other and one person is never matched twice. Entries of a
 * process that died, or of a socket of this process that is gone, are dropped as they are read.
 */
export class RedisQueueStore implements QueueStore {
  private busy: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly redis: Redis,
    private readonly procId: string,
    private readonly alive: (procId: string) => Promise<boolean>,
    private readonly connected: (socketId: string) => boolean,
  ) {}

  locked<T>(
    fn: (waiting: Waiting[]) => Promise<{ add?: Waiting; remove?: string[]; result: T }>,
  ): Promise<T> {
    const run = this.busy.then(() => this.underLock(fn));
    this.busy = run.catch(() => {});
    return run;
  }

  private async underLock<T>(
    fn: (waiting: Waiting[]) => Promise<{ add?: Waiting; remove?: string[]; result: T }>,
  ): Promise<T> {
    const token = `${this.procId}:${Date.now()}:${Math.random()}`;
    const deadline = Date.now() + LOCK_MS;
    while (!(await this.redis.set(LOCK_KEY, token, "PX", LOCK_MS, "NX"))) {
      if (Date.now() > deadline) throw new Error("the partner queue is busy");
      await new Promise((r) => setTimeout(r, 20));
    }
    try {
      const raw = await this.redis.hgetall(QUEUE_KEY);
      const waiting: Waiting[] = [];
      const stale: string[] = [];
      const liveness = new Map<string, boolean>();
      for (const [socketId, json] of Object.entries(raw)) {
        const parsed = ZWaiting.safeParse(JSON.parse(json));
        if (!parsed.success) {
          stale.push(socketId);
          continue;
        }
        const w: Waiting & { procId: string } = parsed.data;
        if (!liveness.has(w.procId))
          liveness.set(w.procId, w.procId === this.procId || (await this.alive(w.procId)));
        const gone = w.procId === this.procId ? !this.connected(socketId) : !liveness.get(w.procId);
        if (gone) stale.push(socketId);
        else waiting.push(w);
      }
      // Oldest first, as in one process.
      waiting.sort((a, b) => a.since - b.since);
      const out = await fn(waiting);
      const drop = [...stale, ...(out.remove ?? [])];
      if (drop.length) await this.redis.hdel(QUEUE_KEY, ...drop);
      if (out.add)
        await this.redis.hset(
          QUEUE_KEY,
          out.add.socketId,
          JSON.stringify({ ...out.add, procId: this.procId }),
        );
      return out.result;
    } finally {
      // The lock expires by itself if the unlock is lost.
      await this.redis
        .eval(UNLOCK, 1, LOCK_KEY, token)
        .catch((err: Error) => log.warn("queue unlock failed", { err: err.message }));
    }
  }

  async remove(socketId: string): Promise<void> {
    await this.redis.hdel(QUEUE_KEY, socketId);
  }
}
