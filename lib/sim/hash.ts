/** FNV-1a over UTF-16 code units, 32-bit, with a caller-chosen offset basis. */
export function fnv1a32(text: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Murmur3's finaliser: spreads FNV's weak low bits so ring positions are uniform. */
export function mix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * JSON with object keys sorted, so two states that are equal as data serialise identically regardless of the
 * order properties were added in. Number formatting is fixed by ECMAScript, so this is engine-independent.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    return value === undefined ? "null" : JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ",";
      out += canonicalJson(value[i]);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort();
  let out = "{";
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    if (i > 0) out += ",";
    out += `${JSON.stringify(k)}:${canonicalJson(record[k])}`;
  }
  return `${out}}`;
}

/** 64 bits as 16 hex digits: two FNV-1a passes with different bases (collisions are not a security concern). */
export function hashText(text: string): string {
  const hi = fnv1a32(text);
  const lo = fnv1a32(text, 0x050c5d1f);
  return hex(hi, lo);
}

function hex(hi: number, lo: number): string {
  return (hi >>> 0).toString(16).padStart(8, "0") + (lo >>> 0).toString(16).padStart(8, "0");
}

/**
 * Streaming structural hash over two 32-bit lanes, equivalent in spirit to hashing `canonicalJson(value)` but
 * without building the string. Frozen objects never change, so their hash is memoised (a long Raft log or
 * history is then hashed once per entry, not once per call); so a frozen object must be deeply immutable. Keys are visited in sorted order, so two
 * states that are equal as data hash alike whatever order their properties were added in.
 */
interface Lanes {
  a: number;
  b: number;
}

const frozenMemo = new WeakMap<object, Lanes>();
const TWO_32 = 4294967296;

function word(h: Lanes, w: number): void {
  h.a = Math.imul(h.a ^ w, 0x01000193);
  h.b = Math.imul((h.b ^ w) + 0x7f4a7c15, 0x5bd1e995);
  h.b ^= h.b >>> 15;
}

function str(h: Lanes, text: string): void {
  word(h, text.length);
  for (let i = 0; i < text.length; i++) word(h, text.charCodeAt(i));
}

function feed(h: Lanes, value: unknown, memo: boolean): void {
  if (value === null || value === undefined) {
    word(h, 1);
  } else if (typeof value === "boolean") {
    word(h, value ? 3 : 2);
  } else if (typeof value === "number") {
    if (Number.isSafeInteger(value)) {
      word(h, 4);
      word(h, value >>> 0);
      word(h, Math.floor(value / TWO_32) | 0);
    } else {
      word(h, 5);
      str(h, String(value));
    }
  } else if (typeof value === "string") {
    word(h, 6);
    str(h, value);
  } else if (typeof value === "object") {
    if (memo && Object.isFrozen(value)) {
      let known = frozenMemo.get(value);
      if (known === undefined) {
        known = { a: 0x811c9dc5, b: 0x050c5d1f };
        feedStructure(known, value, memo);
        frozenMemo.set(value, known);
      }
      word(h, 7);
      word(h, known.a);
      word(h, known.b);
    } else {
      feedStructure(h, value, memo);
    }
  } else {
    throw new Error(`cannot hash a ${typeof value}`);
  }
}

function feedStructure(h: Lanes, obj: object, memo: boolean): void {
  if (Array.isArray(obj)) {
    word(h, 8);
    word(h, obj.length);
    for (let i = 0; i < obj.length; i++) feed(h, obj[i], memo);
    return;
  }
  const record = obj as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  word(h, 9);
  for (const k of keys) {
    if (record[k] === undefined) continue;
    str(h, k);
    feed(h, record[k], memo);
  }
  word(h, 10);
}

export function hashValue(value: unknown): string {
  const h: Lanes = { a: 0x811c9dc5, b: 0x050c5d1f };
  feed(h, value, true);
  return hex(h.a, h.b);
}

/**
 * The same structural hash of a sequence of values, with nothing memoised: only the data counts, so equal data
 * hashes alike whether its objects are frozen or not (a state folded here and the same state revived from JSON).
 */
export function hashData(...values: unknown[]): string {
  const h: Lanes = { a: 0x811c9dc5, b: 0x050c5d1f };
  for (const v of values) feed(h, v, false);
  return hex(h.a, h.b);
}
