import { z } from "zod";

// What the server process and its pages process say to each other over the IPC channel (supervisor.ts,
// child.ts). Both ends parse what they receive.

/** Pages process → server process. */
export const ZPagesMessage = z.discriminatedUnion("type", [z.object({ type: z.literal("ready") })]);
export type TPagesMessage = z.infer<typeof ZPagesMessage>;

/** Server process → pages process. */
export const ZPagesCommand = z.discriminatedUnion("type", [z.object({ type: z.literal("close") })]);
export type TPagesCommand = z.infer<typeof ZPagesCommand>;
