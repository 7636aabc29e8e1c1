import { describe, expect, it } from "vitest";
import { emptyRoom, type RoomViews } from "../../../lib/room";
import { SnapshotWriter } from "../../../server/persistence/save-snapshot";

const at = (roomId: string, seq: number): RoomViews => ({
  full: { ...emptyRoom(roomId), seq },
  candidate: { ...emptyRoom(roomId), seq: seq - 1 },
});

describe("SnapshotWriter", () => {
  it("writes one snapshot at a time, in the order rooms asked, and drain waits for all of them", async () => {
    const started: string[] = [];
    const finish: (() => void)[] = [];
    const w = new SnapshotWriter(
      (s) =>
        new Promise<void>((resolve) => {
          started.push(`${s.full.roomId}@${s.full.seq}`);
          finish.push(resolve);
        }),
    );
    w.enqueue(at("a", 100));
    w.enqueue(at("b", 100));
    w.enqueue(at("c", 200));
    let drained = false;
    const drain = w.drain().then(() => {
      drained = true;
    });
    const until = async (n: number) => {
      while (started.length < n) await new Promise((r) => setImmediate(r));
    };
    await until(1);
    for (let k = 0; k < 3; k++) await new Promise((r) => setImmediate(r));
    expect(started).toEqual(["a@100"]); // the next waits for this one to finish
    finish.shift()!();
    await until(2);
    expect(started).toEqual(["a@100", "b@100"]);
    finish.shift()!();
    await until(3);
    expect(drained).toBe(false);
    finish.shift()!();
    await drain;
    expect(started).toEqual(["a@100", "b@100", "c@200"]);
    expect(w.pending).toBe(0);
  });

  it("writes only a room's newest state when an older one is still waiting", async () => {
    const log: string[] = [];
    const w = new SnapshotWriter(async (s) => {
      log.push(`${s.full.roomId}@${s.full.seq}`);
    });
    w.enqueue(at("a", 100));
    w.enqueue(at("b", 100));
    w.enqueue(at("b", 200));
    w.enqueue(at("b", 150)); // older than what waits: ignored
    await w.drain();
    expect(log).toEqual(["a@100", "b@200"]);
  });

  it("goes on after a failed write", async () => {
    const log: string[] = [];
    const w = new SnapshotWriter(async (s) => {
      if (s.full.roomId === "bad") throw new Error("disk full");
      log.push(s.full.roomId);
    });
    w.enqueue(at("bad", 100));
    w.enqueue(at("good", 100));
    await w.drain();
    expect(log).toEqual(["good"]);
  });
});
