export * from "./anomalies";
export * from "./budget";
export * from "./check-history";
export * from "./counter";
export * from "./explain";
export * from "./history";
export * from "./linearizability";
export * from "./stats";
