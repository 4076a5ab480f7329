import { processIo } from "./io.ts";
import { main } from "./main.ts";

const io = processIo();
main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    io.stderr.write(`cni-auditor: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
