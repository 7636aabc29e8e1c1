export * from "./anomalies";
export * from "./history";
export * from "./linearizability";
export * from "./stats";
