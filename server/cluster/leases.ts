import type { Redis } from "ioredis";

// Room ownership across processes. Each room has at most one owner process at a time, named by a lease in
// Redis that the owner renews; a process proves it is alive with a short-lived key of its own. Postgres stays
// the final word on order: a room's events have a (roomId, seq) primary key, so even two owners for a moment
// (a paused process whose lease ran out) cannot both commit event n; the loser's write fails and it reloads.

export const LEASE = {
  /** A room's lease lasts this long unless renewed. */
  ttlMs: 6_000,
  /** A process's own "alive" key lasts this long unless renewed. */
  aliveMs: 3_000,
  /** How often leases and the alive key are renewed, and owners of watched rooms checked. */
  tickMs: 1_000,
} as const;

export const leaseKey = (roomId: string) => `quorum:room:${roomId}:owner`;
export const aliveKey = (procId: string) => `quorum:proc:${procId}:alive`;

// KEYS[1] lease; ARGV[1] me; ARGV[2] ttl. Renews only a lease we hold.
const RENEW = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) else return 0 end`;
// KEYS[1] lease; ARGV[1] me. Releases only a lease we hold.
const RELEASE = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;
// KEYS[1] lease; ARGV[1] dead owner; ARGV[2] me; ARGV[3] ttl. Takes a dead owner's lease if it is still theirs.
const STEAL = `if redis.call("GET", KEYS[1]) == ARGV[1] then redis.call("SET", KEYS[1], ARGV[2], "PX", ARGV[3]) return 1 else return 0 end`;

export class Leases {
  constructor(
    private readonly redis: Redis,
    readonly me: string,
  ) {}

  /** The room's owner, taking the lease when there is none or its holder is dead. */
  async owner(roomId: string): Promise<string> {
    const key = leaseKey(roomId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const held = await this.redis.get(key);
      if (held === this.me) return held;
      if (held === null) {
        if (await this.redis.set(key, this.me, "PX", LEASE.ttlMs, "NX")) return this.me;
        continue;
      }
      if (await this.alive(held)) return held;
      if ((await this.redis.eval(STEAL, 1, key, held, this.me, LEASE.ttlMs)) === 1) return this.me;
    }
    throw new Error(`could not settle the owner of room ${roomId}`);
  }

  /** Who holds the room's lease now, without taking it. */
  holder(roomId: string): Promise<string | null> {
    return this.redis.get(leaseKey(roomId));
  }

  async renew(roomId: string): Promise<boolean> {
    return (await this.redis.eval(RENEW, 1, leaseKey(roomId), this.me, LEASE.ttlMs)) === 1;
  }

  async release(roomId: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, leaseKey(roomId), this.me);
  }

  async heartbeat(): Promise<void> {
    await this.redis.set(aliveKey(this.me), "1", "PX", LEASE.aliveMs);
  }

  async alive(procId: string): Promise<boolean> {
    return (await this.redis.exists(aliveKey(procId))) === 1;
  }

  /** On a clean shutdown: say so at once, so others take over this process's rooms without waiting. */
  async retire(): Promise<void> {
    await this.redis.del(aliveKey(this.me));
  }
}
