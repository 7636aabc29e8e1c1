-- CreateTable
CREATE TABLE "RecordingChunk" (
    "id" TEXT NOT NULL,
    "roomId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "recordingId" VARCHAR(64) NOT NULL,
    "index" INTEGER NOT NULL,
    "clockMs" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecordingChunk_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RecordingChunk_roomId_userId_idx" ON "RecordingChunk"("roomId", "userId");

-- CreateIndex
CREATE INDEX "RecordingChunk_createdAt_idx" ON "RecordingChunk"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "RecordingChunk_roomId_recordingId_index_key" ON "RecordingChunk"("roomId", "recordingId", "index");

-- AddForeignKey
ALTER TABLE "RecordingChunk" ADD CONSTRAINT "RecordingChunk_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "Room"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecordingChunk" ADD CONSTRAINT "RecordingChunk_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
