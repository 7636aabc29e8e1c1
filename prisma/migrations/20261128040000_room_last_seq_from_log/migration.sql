-- A room's last sequence number is read from its event log (max(seq) on the RoomEvent primary key) instead of
-- being kept on the Room row, so appending an event no longer updates the room as well.
ALTER TABLE "Room" DROP COLUMN "lastSeq";
