export * from "./constants";
export * from "./level";
export * from "./media-errors";
export * from "./negotiation";
export * from "./recording";
export * from "./session";
export * from "./status";
