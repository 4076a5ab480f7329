// Progress lines for the fleet inventory: a bar redrawn in place on a terminal, plain
// lines otherwise (CI logs, files). Pure formatting; the CLI writes them.
import type { InventoryProgress } from "./inventory.ts";

const BAR_WIDTH = 24;

export function progressBar(done: number, total: number, label: string, columns = 100): string {
  const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
  const head = `[${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}] ${done}/${total} `;
  const room = Math.max(10, columns - head.length - 1);
  return head + (label.length > room ? `${label.slice(0, room - 1)}…` : label);
}

function where(e: Extract<InventoryProgress, { type: "cluster" }>): string {
  return `${e.target.account ? `${e.target.account}/` : ""}${e.target.region}/${e.cluster}`;
}

/** A line to keep (plain mode: every event; terminal mode: failures only), or null. */
export function progressLine(e: InventoryProgress, tty: boolean): string | null {
  if (e.type === "listed") {
    return tty ? null : `fleet: ${e.clusters} cluster${e.clusters === 1 ? "" : "s"} to read${e.failedTargets ? `, ${e.failedTargets} region/account listing(s) failed` : ""}`;
  }
  if (!e.ok) return `fleet: [${e.done}/${e.total}] FAILED ${where(e)}: ${e.error ?? "unknown error"}`;
  return tty ? null : `fleet: [${e.done}/${e.total}] ok ${where(e)}`;
}

/** The bar's text after an event (terminal mode). */
export function progressStatus(e: InventoryProgress, columns?: number): string {
  if (e.type === "listed") return progressBar(0, e.clusters, "listing done", columns);
  return progressBar(e.done, e.total, where(e), columns);
}
