// A small seeded PRNG (mulberry32): the bench stream and the property-test fixtures must be
// the same bytes on every run and every machine, so Math.random is never used.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight: [[weight, value], …]. */
  weighted<T>(table: ReadonlyArray<readonly [number, T]>): T;
  chance(p: number): boolean;
  hex(length: number): string;
  uuid(): string;
}

export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const hex = (length: number): string => {
    let s = "";
    while (s.length < length) s += int(0x10000).toString(16).padStart(4, "0");
    return s.slice(0, length);
  };
  return {
    next,
    int,
    pick: (items) => items[int(items.length)]!,
    weighted(table) {
      let total = 0;
      for (const [w] of table) total += w;
      let r = next() * total;
      for (const [w, v] of table) {
        r -= w;
        if (r < 0) return v;
      }
      return table[table.length - 1]![1];
    },
    chance: (p) => next() < p,
    hex,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[int(4)]}${hex(3)}-${hex(12)}`,
  };
}
