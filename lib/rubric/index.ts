// The rubric: dimensions and their 1–4 behaviours, target levels, the recommendation scale, the concept
// checklist, and the scorecard schema with its validation and summary. Pure data and functions.
export * from "./checklist";
export * from "./dimensions";
export * from "./levels";
export * from "./limits";
export * from "./recommendation";
export * from "./scorecard";
