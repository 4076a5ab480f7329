// Lambda (fleet queue): one account-region of a fanned-out fleet audit, or the run's merge into
// the reports (functions/lambda/run-fleet-worker.ts).
import { createFleetWorkerHandler } from "./lambda/run-fleet-worker.ts";

export const handler = createFleetWorkerHandler();
