export * from "./library";
export * from "./limits";
export * from "./outgoing";
export * from "./reduce";
export * from "./replay";
export * from "./schema";
export * from "./undo";
export * from "./validate";
