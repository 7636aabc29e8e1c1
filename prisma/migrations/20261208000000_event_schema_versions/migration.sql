-- Every stored event names the schema version it was written in (lib/room/event-versions.ts). Reading upgrades
-- it step by step to today's shape, and rows are never rewritten. The rows stored before this column existed
-- are version 1. New rows name their version explicitly (server/persistence/insert-events.ts).
ALTER TABLE "RoomEvent" ADD COLUMN "v" INTEGER NOT NULL DEFAULT 1;
