/**
 * Binary min-heap ordered by (time, seq). `seq` is a global insertion counter, so events at the same virtual
 * time run in the order they were scheduled: that tie-break is what makes a run reproducible.
 * The heap is a plain array of plain objects so the queue can be cloned into a snapshot.
 */
export interface Queued {
  time: number;
  seq: number;
}

function before(a: Queued, b: Queued): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

export function heapPush<T extends Queued>(heap: T[], item: T): void {
  let i = heap.length;
  heap.push(item);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = heap[parent] as T;
    if (!before(item, p)) break;
    heap[i] = p;
    i = parent;
  }
  heap[i] = item;
}

export function heapPeek<T extends Queued>(heap: T[]): T | undefined {
  return heap[0];
}

export function heapPop<T extends Queued>(heap: T[]): T | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (top === undefined || last === undefined || heap.length === 0) return top;
  const n = heap.length;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    let child = l;
    let c = heap[l] as T;
    if (r < n) {
      const rc = heap[r] as T;
      if (before(rc, c)) {
        child = r;
        c = rc;
      }
    }
    if (!before(c, last)) break;
    heap[i] = c;
    i = child;
  }
  heap[i] = last;
  return top;
}
