/** A revoked share link and one that never existed read the same (and both answer 404): neither says which. */
export default function SharedReplayNotFound() {
  return (
    <div className="mx-auto max-w-lg space-y-3 py-10">
      <h1 className="text-2xl font-semibold">This share link doesn't work</h1>
      <p className="text-slate-600 dark:text-slate-400">
        It may have been revoked by the person who shared it. Ask them for a new one.
      </p>
    </div>
  );
}
