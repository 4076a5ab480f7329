// Interleaved repetitions: every repetition runs each workload once, in a rotating order, so
// a noisy neighbour on a shared machine slows all of them alike instead of one. Each run is
// timed on the wall clock and in process CPU time (user + system): on a shared machine the
// CPU time is the steadier figure, since waiting for a core is not counted. Medians over
// repetitions (after warm-up) are what the bench reports.

export type Workload = () => unknown;

export interface Samples {
  wallMs: number[];
  cpuMs: number[];
}

declare const gc: (() => void) | undefined;

export async function timeInterleaved(workloads: Record<string, Workload>, reps: number, warmup: number): Promise<Record<string, Samples>> {
  const names = Object.keys(workloads);
  const out: Record<string, Samples> = Object.fromEntries(names.map((n) => [n, { wallMs: [], cpuMs: [] }]));
  for (let rep = 0; rep < warmup + reps; rep++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(rep + k) % names.length]!;
      if (typeof gc === "function") gc(); // start each from a clean heap (node --expose-gc)
      const cpu0 = process.cpuUsage();
      const start = process.hrtime.bigint();
      await workloads[name]!();
      const wall = Number(process.hrtime.bigint() - start) / 1e6;
      const cpu = process.cpuUsage(cpu0);
      if (rep >= warmup) {
        out[name]!.wallMs.push(wall);
        out[name]!.cpuMs.push((cpu.user + cpu.system) / 1000);
      }
    }
  }
  return out;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median of per-repetition ratios a[i] / b[i]: robust when the machine speed drifts. */
export function medianRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((x, i) => x / b[i]!));
}
