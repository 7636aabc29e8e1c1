import { describe, expect, it } from "vitest";
import { simTimeAt } from "../../lib/room";
import { simulate } from "../../lib/sim";
import { openPairedRoom, serverForFile, THREE_NODES } from "../fixtures/room-client";

const file = serverForFile("roomsim");

describe("the shared cluster on the server", () => {
  it("enforces roles and knobs, and its state hash at any virtual time matches a fresh run of the same commands", async () => {
    const { roomId, int, cand, candidate: b } = await openPairedRoom(file.server.url, "sim");
    file.clients.push(int, cand);

    const nodes = THREE_NODES;
    const badKnobs = cand.submit({
      type: "sim.reset",
      config: { nodes, design: { kind: "quorum", n: 3, w: 4, r: 1 } } as never,
    });
    cand.submit({
      type: "sim.reset",
      config: { nodes, design: { kind: "quorum", n: 3, w: 2, r: 2 } } as never,
    });
    cand.submit({ type: "sim.clock", playing: true, speed: 1 });
    cand.submit({
      type: "sim.command",
      command: { type: "startWorkload", workload: { clients: [{ id: "c1", node: "n1" }] } } as never,
    });
    const candidateFault = cand.submit({
      type: "sim.command",
      command: { type: "crash", node: "n2" } as never,
    });
    // The interviewer's commands need the cluster the candidate just set up: wait until it has seen it.
    await int.until(
      () => cand.settled() && (int.sync.state?.sim ?? null) !== null,
      10_000,
      "the cluster exists",
    );
    const unknownNode = int.submit({ type: "sim.command", command: { type: "crash", node: "n9" } as never });
    int.submit({
      type: "sim.command",
      command: { type: "partition", groups: [["n3"], ["n1", "n2"]] } as never,
    });
    await int.until(() => int.settled() && cand.settled(), 10_000, "ops settled");

    expect(cand.refused.get(badKnobs)?.message).toMatch(/W \(4\) can't exceed N \(3\)/);
    expect(cand.refused.get(candidateFault)?.message).toBe("Only the interviewer can inject faults.");
    expect(int.refused.get(unknownNode)?.message).toBe('Unknown node "n9".');

    await int.until(() => (int.sync.state?.sim?.commands.length ?? 0) === 2, 10_000, "commands seen");
    const sim = int.sync.state!.sim!;
    expect(sim.commands.map((c) => c.type).sort()).toEqual(["partition", "startWorkload"]);
    expect(sim.commands[1]!.at).toBeGreaterThanOrEqual(sim.commands[0]!.at);
    // Forward, further forward, then back: the server's incremental runner must agree with a fresh run each time.
    // (It answers only for times the cluster has reached.)
    while (simTimeAt(int.sync.state!.sim!, Date.now()) < 400_000_000)
      await new Promise((r) => setTimeout(r, 20));
    for (const vt of [50_000_000, 400_000_000, 120_000_000]) {
      const res = await fetch(`${file.server.url}/api/rooms/${roomId}/sim?vt=${vt}`, {
        headers: { cookie: b.cookie },
      });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toMatchObject({ epoch: sim.epoch, vt });
      expect(body.hash).toBe(
        simulate({ seed: sim.seed, config: sim.config, commands: sim.commands }, vt).stateHash(),
      );
    }
    const tooFar = await fetch(`${file.server.url}/api/rooms/${roomId}/sim?vt=999999999999999`, {
      headers: { cookie: b.cookie },
    });
    expect(tooFar.status).toBe(409);
    expect((await tooFar.json()).error.code).toBe("not_reached");
  });
});
