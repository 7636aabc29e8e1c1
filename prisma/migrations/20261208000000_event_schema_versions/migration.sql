-- Every stored event names the schema version it was written in (lib/room/event-versions.ts). Reading upgrades
-- it step by step to today's shape, and rows are never rewritten. The rows stored before this column existed
-- are version 1. The column keeps no default, so a writer that forgets to name its version fails loudly
-- instead of storing a wrong one.
ALTER TABLE "RoomEvent" ADD COLUMN "v" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "RoomEvent" ALTER COLUMN "v" DROP DEFAULT;
