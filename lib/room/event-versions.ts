import { stampEvent, type TRoomEvent, ZRoomEvent } from "./events";
import { v1ToV2 } from "./upgrades/v1-to-v2";

// Stored events change shape over time; stored rows never do. Every row carries the schema version its event
// was written in, and reading goes through one pure upgrade step per version (v1 → v2 → … → today), then
// today's strict schema. A step takes an event body as its version wrote it and returns it as the next version
// writes it (or throws, naming what that version never wrote); it never sees, or needs, anything but that one
// event. Rows are not rewritten: a session recorded years ago is read through every step since.
//
// To change an event's shape: bump EVENT_SCHEMA_VERSION, add the step from the previous version to
// UPGRADE_STEPS (a file of its own in ./upgrades), and record a fixture of a whole interview at the new version
// (scripts/record-event-log.ts) so the next change is tested against it too.

/** The version the events written by this code are in. */
export const EVENT_SCHEMA_VERSION = 2;

/** An event body as some version wrote it: checked against that version's schema only by the steps after it. */
export interface StoredBody {
  kind: string;
  payload: unknown;
}

/** `UPGRADE_STEPS[i]` takes a body written in version i + 1 to version i + 2. */
const UPGRADE_STEPS: readonly ((body: StoredBody) => StoredBody)[] = [v1ToV2];

/**
 * A stored row, as read: the stamp, the body as its version wrote it, and that version. Its body is checked by
 * upgradeEvent, not here (only today's schema can say what is valid).
 */
export interface TStoredEvent {
  seq: number;
  opId: string;
  actorId: string | null;
  at: number;
  kind: string;
  payload: unknown;
  v: number;
}

/** Why a stored event can't be read: written by a newer Quorum, or not valid in the version it claims. */
export class StoredEventError extends Error {
  constructor(
    readonly reason: "newer_version" | "invalid",
    message: string,
    readonly seq: number,
  ) {
    super(message);
    this.name = "StoredEventError";
  }
}

/** What a person is told when a session holds events from a newer version than the server reading it. */
export const NEWER_VERSION_MESSAGE =
  "This session was saved by a newer version of Quorum than this server runs. It will open once the update " +
  "reaches this server; nothing in it is lost.";

/** Today's shape of a stored event, through every upgrade step since its version. Throws StoredEventError. */
export function upgradeEvent(stored: TStoredEvent): TRoomEvent {
  const { v, seq } = stored;
  if (v > EVENT_SCHEMA_VERSION)
    throw new StoredEventError(
      "newer_version",
      `${NEWER_VERSION_MESSAGE} (Event ${seq} is in version ${v}; this server reads up to ${EVENT_SCHEMA_VERSION}.)`,
      seq,
    );
  if (v < 1)
    throw new StoredEventError(
      "invalid",
      `Event ${seq} names schema version ${v}, which never existed.`,
      seq,
    );
  let body: StoredBody = { kind: stored.kind, payload: stored.payload };
  for (let from = v; from < EVENT_SCHEMA_VERSION; from++) {
    try {
      body = UPGRADE_STEPS[from - 1]!(body);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new StoredEventError(
        "invalid",
        `Event ${seq} (${stored.kind}, version ${v}) can't be read: ${why}.`,
        seq,
      );
    }
  }
  const parsed = ZRoomEvent.safeParse({ ...stored, kind: body.kind, payload: body.payload });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StoredEventError(
      "invalid",
      `Event ${seq} (${stored.kind}, version ${v}) can't be read: ${issue?.path.join(".") || "event"}: ${issue?.message}.`,
      seq,
    );
  }
  // Re-stamped: a zod intersection's output has a hidden class of its own (see stampEvent).
  return stampEvent(parsed.data, parsed.data);
}

/** How many upgrade steps this code has: one per version after the first (a unit test keeps them in step). */
export const UPGRADE_STEP_COUNT = UPGRADE_STEPS.length;
