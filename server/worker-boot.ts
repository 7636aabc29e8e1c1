// Worker threads run TypeScript through tsx. Node 20 does not apply a loader that a worker registers with --import
// to the worker's own entry module, so a thread starts from a line of JavaScript that registers tsx and then
// imports the entry (a thread needs none of the process's flags: V8's are process-wide, and Node refuses them
// there). Built when a thread starts, not at import: Next.js's build may read the modules that call this and
// cannot evaluate import.meta.resolve.

/** The `eval` source that starts a worker thread on the TypeScript module at `entry`. */
export function tsxWorkerSource(entry: URL): string {
  return `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then(({ register }) => {
  register();
  return import(${JSON.stringify(entry.href)});
});`;
}
