import { processIo } from "./io.ts";
import { main } from "./main.ts";

// A closed pipe (`cni-auditor replay … | head`) is the reader's choice, not an error.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

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
