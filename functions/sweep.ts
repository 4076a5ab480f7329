// Lambda (scheduled): sends window updates and pending alerts the event handlers left (functions/lambda).
import { createHandler } from "./lambda/handler.ts";
import { runSweep } from "./lambda/run-sweep.ts";

export const handler = createHandler("sweep", runSweep);
