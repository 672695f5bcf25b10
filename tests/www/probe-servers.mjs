// The local servers the wasm-bindgen probe tests (tests/web_probe.rs) run against, on the
// fixed loopback ports the tests are compiled with: the page server (WebSocket echo, the
// third-party cookie endpoints, the ad bait) and the fake services (status feeds, service
// hosts, a Date header). build.sh starts this before the browser runs and stops it after.
//
//   node tests/www/probe-servers.mjs PAGE_PORT FAKE_PORT

import path from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeServices } from "./fake-services.mjs";
import { startServer } from "./server.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const [pagePort, fakePort] = process.argv.slice(2).map(Number);
if (!pagePort || !fakePort) {
  console.error("usage: node tests/www/probe-servers.mjs PAGE_PORT FAKE_PORT");
  process.exit(2);
}
// The page server answers on every loopback name: the tests reach it as localhost (another
// site than the test page's 127.0.0.1) for the third-party cookie check.
const page = await startServer({ root: path.resolve(HERE, "../../www"), port: pagePort, host: "127.0.0.1" });
const pageLocal = await startServer({ root: path.resolve(HERE, "../../www"), port: pagePort, host: "::1" }).catch(
  () => null,
);
const fake = await startFakeServices({ port: fakePort });
console.log(`probe servers: page ${page.url}${pageLocal ? ` and ${pageLocal.url}` : ""}, fake ${fake.base}`);
const stop = async () => {
  await Promise.all([page.close(), pageLocal?.close(), fake.close()]);
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
