// Lambda (scheduled): fleet audit → reports in S3 (dated folder and latest/) → one summary
// alert through the same sinks as the event alerts (functions/lambda/run-fleet-report.ts).
import { createFleetReportHandler } from "./lambda/run-fleet-report.ts";

export const handler = createFleetReportHandler();
