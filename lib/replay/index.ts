// Replay of a past session: its log with checkpoints for seeking (log.ts), a hash to compare states
// (hash.ts), the player's time axis and idle skip (timeline.ts), timeline markers (markers.ts) and, computed
// after load, the cluster's anomalies (anomalies.ts, over the cluster epochs of cluster.ts). Pure: the page
// fetches the viewer's events and feeds them in; nothing here reads a clock or does I/O.
export * from "./anomalies";
export * from "./audio";
export * from "./cluster";
export * from "./constants";
export * from "./hash";
export * from "./log";
export * from "./markers";
export * from "./timeline";
