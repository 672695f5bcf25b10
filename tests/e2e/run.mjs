// Runs the e2e test files one after another (each starts its own browsers; two cores) with
// node's test runner, prints its report, and ends with a cargo-style line that build.sh's
// summary counts: "test result: ok. N passed; M failed".

import { resolve } from "node:path";
import { run } from "node:test";
import { spec } from "node:test/reporters";

const files = process.argv.slice(2).map((f) => resolve(f));
let passed = 0;
let failed = 0;
const stream = run({ files, concurrency: false, timeout: 10 * 60 * 1000 });
stream.on("test:pass", (t) => {
  if (t.nesting === 0 && !t.skip && !t.todo) passed++;
});
stream.on("test:fail", (t) => {
  if (t.nesting === 0) failed++;
});
stream.compose(spec).pipe(process.stdout);
process.once("beforeExit", () => {
  const status = failed === 0 && passed > 0 ? "ok" : "FAILED";
  process.stdout.write(
    `\ntest result: ${status}. ${passed} passed; ${failed} failed; 0 ignored (e2e: ${files.length} files)\n`,
  );
  process.exitCode = status === "ok" ? 0 : 1;
});
