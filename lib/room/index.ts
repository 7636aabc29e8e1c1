export * from "./decide";
export * from "./event-versions";
export * from "./events";
export * from "./limits";
export * from "./phases";
export * from "./sim";
export * from "./state";
export * from "./views";
