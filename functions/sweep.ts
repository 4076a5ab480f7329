// Lambda (scheduled): sends window updates and pending alerts the event handlers left (shared/runtime).
import { createHandler } from "../shared/runtime/handler.ts";
import { runSweep } from "../shared/runtime/run-sweep.ts";

export const handler = createHandler("sweep", runSweep);
