"use client";

import { useId, useState } from "react";
import type { TRoomOpInput } from "@/lib/room";
import type { TSimConfig } from "@/lib/sim";
import { PROMOTION_RULES, REPLICATION_MODES } from "@/lib/sim/designs/single-leader-modes";
import {
  DEFAULT_KNOBS,
  DESIGN_KINDS,
  DESIGN_LABELS,
  type DesignKind,
  designFormOf,
  type Knobs,
  NODES,
} from "./cluster-presets";
import { selectClass, smallButton } from "./cluster-styles";
import { resetCluster } from "./commands";

interface Option<T extends string> {
  value: T;
  label: string;
}

const DESIGNS: Option<DesignKind>[] = DESIGN_KINDS.map((k) => ({ value: k, label: DESIGN_LABELS[k] }));
const RAFT_READS: Option<Knobs["raftReadFrom"]>[] = [
  { value: "leader", label: "through the leader's log (linearizable)" },
  { value: "local", label: "from the local node, ZooKeeper-style (may be stale)" },
];
const PAXOS_LEADERS: Option<Knobs["paxosLeader"]>[] = [
  { value: "distinguished", label: "distinguished leader (Multi-Paxos)" },
  { value: "none", label: "none: every node proposes" },
];
const COORDINATORS: Option<Knobs["coordinator"]>[] = [
  { value: "single", label: "single node" },
  { value: "replicated", label: "replicated on three nodes (consensus)" },
];
const PARTITIONINGS: Option<Knobs["partitioning"]>[] = [
  { value: "hash", label: "Hash (consistent hashing)" },
  { value: "range", label: "Range (by key order)" },
];
const CONFLICTS: Option<Knobs["conflict"]>[] = [
  { value: "lww", label: "last write wins (wall clock)" },
  { value: "hlc", label: "last write wins (hybrid logical clock)" },
  { value: "vector", label: "vector clocks, keep siblings" },
];
// Named as the article names them (single-leader-modes.ts): its "synchronous" is the stored "semi-sync".
const REPLICATIONS = (Object.keys(REPLICATION_MODES) as Knobs["replication"][]).map(
  (value): Option<Knobs["replication"]> => ({ value, label: REPLICATION_MODES[value].name }),
);
const PROMOTIONS = (Object.keys(PROMOTION_RULES) as Knobs["promote"][]).map(
  (value): Option<Knobs["promote"]> => ({ value, label: PROMOTION_RULES[value].name }),
);

/** A labelled drop-down over a fixed set of values (so a change needs no cast). */
function Choice<T extends string>(props: {
  label: string;
  value: T;
  options: readonly Option<T>[];
  onChange: (value: T) => void;
}) {
  return (
    <label className="flex flex-col gap-0.5 text-xs">
      {props.label}
      <select
        value={props.value}
        onChange={(e) => {
          const picked = props.options.find((o) => o.value === e.target.value);
          if (picked) props.onChange(picked.value);
        }}
        className={selectClass}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * The candidate's design: a kind and its knobs. Submitting resets the shared cluster with it, on the running
 * cluster's nodes (or starts the first one, before there is a cluster). The fields start from the running design;
 * the panel remounts the form (a `key` on the cluster's epoch) whenever anyone resets the cluster, so a loaded
 * scenario shows its own W and R, and edits in progress survive every other render.
 */
export function DesignForm(props: {
  running: TSimConfig | null;
  disabled: boolean;
  send: (op: TRoomOpInput) => void;
}) {
  const initial = props.running
    ? designFormOf(props.running.design)
    : { kind: "quorum" as const, knobs: DEFAULT_KNOBS };
  const [kind, setKind] = useState<DesignKind>(initial.kind);
  const [knobs, setKnobs] = useState<Knobs>(initial.knobs);
  const raftHelp = useId();
  const paxosHelp = useId();
  const gossipHelp = useId();
  const leaseHelp = useId();
  // N, W and R can't exceed the cluster's size (the server refuses a bigger N; W and R can't exceed N).
  const maxN = Math.min(9, (props.running?.nodes ?? NODES).length);
  return (
    <form
      className="flex flex-wrap items-end gap-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        props.send(resetCluster(kind, knobs, props.running));
      }}
    >
      <Choice label="Design" value={kind} options={DESIGNS} onChange={setKind} />
      {kind === "quorum" &&
        (["n", "w", "r"] as const).map((k) => (
          <label key={k} className="flex flex-col gap-0.5 text-xs">
            {k.toUpperCase()}
            <input
              type="number"
              min={1}
              max={maxN}
              value={knobs[k]}
              onChange={(e) => setKnobs({ ...knobs, [k]: Number(e.target.value) })}
              className={`${selectClass} w-14`}
            />
          </label>
        ))}
      {kind === "quorum" && (
        <>
          <Choice
            label="Partitioning"
            value={knobs.partitioning}
            options={PARTITIONINGS}
            onChange={(partitioning) => setKnobs({ ...knobs, partitioning })}
          />
          <label className="flex flex-col gap-0.5 text-xs">
            Virtual nodes
            <input
              type="number"
              min={1}
              max={256}
              disabled={knobs.partitioning === "range"}
              value={knobs.vnodes}
              onChange={(e) => setKnobs({ ...knobs, vnodes: Number(e.target.value) })}
              className={`${selectClass} w-16`}
            />
          </label>
          <Choice
            label="Conflicts"
            value={knobs.conflict}
            options={CONFLICTS}
            onChange={(conflict) => setKnobs({ ...knobs, conflict })}
          />
          <label className="flex items-center gap-1 self-center text-xs">
            <input
              type="checkbox"
              checked={knobs.sloppy}
              onChange={(e) => setKnobs({ ...knobs, sloppy: e.target.checked })}
            />
            Sloppy quorum
          </label>
        </>
      )}
      {kind === "raft" && (
        <>
          <label className="flex items-center gap-1 self-center text-xs">
            <input
              type="checkbox"
              checked={knobs.checkQuorum}
              aria-describedby={raftHelp}
              onChange={(e) => setKnobs({ ...knobs, checkQuorum: e.target.checked })}
            />
            Check-quorum
          </label>
          <Choice
            label="Reads"
            value={knobs.raftReadFrom}
            options={RAFT_READS}
            onChange={(raftReadFrom) => setKnobs({ ...knobs, raftReadFrom })}
          />
          <p id={raftHelp} className="basis-full text-xs text-slate-600 dark:text-slate-400">
            Check-quorum: a leader that cannot reach a majority steps down, so its clients are refused at once
            instead of waiting for a timeout. Local reads answer from the node's own copy, even on the
            minority side of a partition: fast, but possibly stale; writes still need the leader.
          </p>
        </>
      )}
      {kind === "paxos" && (
        <>
          <Choice
            label="Leader"
            value={knobs.paxosLeader}
            options={PAXOS_LEADERS}
            onChange={(paxosLeader) => setKnobs({ ...knobs, paxosLeader })}
          />
          <label className="flex items-center gap-1 self-center text-xs">
            <input
              type="checkbox"
              checked={knobs.paxosBackoff}
              disabled={knobs.paxosLeader === "distinguished"}
              aria-describedby={paxosHelp}
              onChange={(e) => setKnobs({ ...knobs, paxosBackoff: e.target.checked })}
            />
            Random backoff
          </label>
          <p id={paxosHelp} className="basis-full text-xs text-slate-600 dark:text-slate-400">
            A distinguished leader runs phase 1 once and then one round trip per operation; without one, every
            node runs both phases for its own clients, and with no backoff they can pre-empt each other
            forever.
          </p>
        </>
      )}
      {kind === "single-leader" && (
        <>
          <Choice
            label="Replication"
            value={knobs.replication}
            options={REPLICATIONS}
            onChange={(replication) => setKnobs({ ...knobs, replication })}
          />
          <Choice
            label="Failover promotes"
            value={knobs.promote}
            options={PROMOTIONS}
            onChange={(promote) => setKnobs({ ...knobs, promote })}
          />
        </>
      )}
      {kind === "two-phase-commit" && (
        <>
          <Choice
            label="Coordinator"
            value={knobs.coordinator}
            options={COORDINATORS}
            onChange={(coordinator) => setKnobs({ ...knobs, coordinator })}
          />
          <p className="basis-full text-xs text-slate-600 dark:text-slate-400">
            A write locks its key and the key&apos;s index entry on two participants; if the coordinator dies
            after they vote yes, they hold the locks until it returns, or, replicated, until another replica
            takes over.
          </p>
        </>
      )}
      {kind === "lease" && (
        <>
          <label className="flex items-center gap-1 self-center text-xs">
            <input
              type="checkbox"
              checked={knobs.fencing}
              aria-describedby={leaseHelp}
              onChange={(e) => setKnobs({ ...knobs, fencing: e.target.checked })}
            />
            Fencing tokens
          </label>
          <p id={leaseHelp} className="basis-full text-xs text-slate-600 dark:text-slate-400">
            The first node grants a time-limited lease and stores the data; the holder serves every client.
            With fencing tokens, storage refuses a write from a holder whose lease has since been granted to
            another.
          </p>
        </>
      )}
      {kind === "gossip" && (
        <>
          <label className="flex flex-col gap-0.5 text-xs">
            Phi threshold
            <input
              type="number"
              min={1}
              max={16}
              value={knobs.phiThreshold}
              aria-describedby={gossipHelp}
              onChange={(e) => setKnobs({ ...knobs, phiThreshold: Number(e.target.value) })}
              className={`${selectClass} w-14`}
            />
          </label>
          <p id={gossipHelp} className="basis-full text-xs text-slate-600 dark:text-slate-400">
            A node suspects a peer once its heartbeat is so late that phi (−log10 of the chance it is merely
            slow) passes this: low notices a crash sooner but suspects healthy nodes on a slow network.
          </p>
        </>
      )}
      <button type="submit" className={smallButton} disabled={props.disabled}>
        {props.running ? "Restart cluster with this design" : "Start cluster"}
      </button>
    </form>
  );
}
