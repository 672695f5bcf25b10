// ./build.sh load [MINUTES]: the background fed 10,000 failures a minute for MINUTES (default
// 10) from a chat page on loopback; prints a progress line per sample, then the table (rate
// achieved, worker heap, storage.session bytes, buffer length, popup time under load). Exits 1
// when a bound does not hold.
import { runLoad, table } from "./lib/load.mjs";

const minutes = Number(process.argv[2] ?? 10);
if (!(minutes > 0)) {
  console.error("usage: node tests/e2e/load.mjs [MINUTES]");
  process.exit(2);
}
const perMinute = Number(process.env.LOAD_RATE ?? 10000);
const r = await runLoad({
  minutes,
  perMinute,
  sampleSeconds: 10,
  popupSeconds: minutes > 2 ? 60 : 15,
  log: (l) => console.log(l),
});
console.log(
  `\nload: ${minutes} min at ${perMinute.toLocaleString("en")} failures a minute (chatgpt.com/hostile-load)\n`,
);
console.log(table(r));
const L = r.after.stats.limits;
const problems = [];
if (r.buffer.max > L.MAX_TAB_OBSERVATIONS) problems.push(`buffer ${r.buffer.max} > ${L.MAX_TAB_OBSERVATIONS}`);
if (r.storageBytes.max > L.MAX_TABS * L.MAX_TAB_BYTES) problems.push(`storage ${r.storageBytes.max} bytes`);
if (r.backlogMax > L.MAX_BACKLOG) problems.push(`backlog ${r.backlogMax}`);
if (r.popupErrors.length) problems.push(`popup: ${r.popupErrors[0]}`);
if (problems.length) {
  console.log(`\nbounds NOT held: ${problems.join("; ")}`);
  process.exit(1);
}
// Whatever a browser left open must not keep the process alive.
process.exit(0);
