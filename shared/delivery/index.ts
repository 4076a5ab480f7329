export { systemClock, silentLog, type Clock, type DeliveryLog } from "./clock.ts";
export { DeliveryIncompleteError } from "../errors.ts";
export { deliverDue, pendingAgeBySink, uniqueWindows, type DeliveryContext, type DeliveryFailure, type DeliveryReport, type SentMessage } from "./deliver.ts";
export { backoffMs, sendWithRetry, type RetryPolicy, type SendOutcome } from "./retry.ts";
