// An SDK client whose every call goes through an account-region's gate (adaptive.ts). The
// inventory and the SDK's paginators only call `send`, and the wrapper keeps the client's
// prototype (paginators check `instanceof`). Build the client with maxAttempts 1: the gate
// does the retrying, so the SDK's own throttling backoff (up to 20 s a step) never stacks on it.
import type { Gate } from "./adaptive.ts";

export function gatedClient<C extends { send(...args: never[]): Promise<unknown> }>(client: C, gate: Gate): C {
  const wrapped = Object.create(client) as C;
  const send = client.send.bind(client) as (...args: unknown[]) => Promise<unknown>;
  Object.defineProperty(wrapped, "send", { value: (...args: unknown[]) => gate.run(() => send(...args)) });
  return wrapped;
}
