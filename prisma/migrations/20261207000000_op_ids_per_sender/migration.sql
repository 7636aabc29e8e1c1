-- Op ids are their sender's own: the same id from two people names two different ops (issue #29, finding 1).
-- Before, (roomId, opId) was unique, so one participant could reuse the other's op id.
DROP INDEX "RoomEvent_roomId_opId_key";

-- CreateIndex
CREATE UNIQUE INDEX "RoomEvent_roomId_actorId_opId_key" ON "RoomEvent"("roomId", "actorId", "opId");
