import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import { log } from "../log";
import type { QuorumServer } from "./io";

export interface RedisLink {
  status(): "ok" | "down";
  close(): Promise<void>;
}

/**
 * With REDIS_URL, socket.io broadcasts go through Redis so that several processes can serve one room
 * (socket.io's own adapter; per-room ordering across processes is the scale-out issue's job).
 */
export async function attachRedisAdapter(io: QuorumServer, url: string): Promise<RedisLink> {
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  const sub = pub.duplicate();
  for (const c of [pub, sub]) c.on("error", (err) => log.warn("redis error", { err: err.message }));
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
  log.info("redis adapter on");
  return {
    status: () => (pub.status === "ready" && sub.status === "ready" ? "ok" : "down"),
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
