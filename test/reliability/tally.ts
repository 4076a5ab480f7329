// Figures for the note (hostile inputs tried, records rejected, alerts lost): each test
// file counts what it did and prints one line when it ends (`npx vitest run test/reliability`).
import { afterAll } from "vitest";

export interface Tally {
  /** Hostile inputs fed to the core (mutated records, payloads, files). */
  inputs: number;
  /** Records the decoders rejected with a reason. */
  rejected: number;
  /** Alerts the good records in mixed batches had to produce, and how many did not appear. */
  goodAlerts: number;
  lostAlerts: number;
}

export function tallyFor(name: string): Tally {
  const t: Tally = { inputs: 0, rejected: 0, goodAlerts: 0, lostAlerts: 0 };
  afterAll(() => {
    console.log(`[reliability] ${name}: hostile inputs ${t.inputs}, records rejected ${t.rejected}, good alerts ${t.goodAlerts}, alerts lost ${t.lostAlerts}`);
  });
  return t;
}
