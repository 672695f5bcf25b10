// The in-browser checks and the status fetches are the extension's module, shared with the page:
// build.sh copies extension/lib/checks.js to lib/shared/checks.js in dist/www.
export * from "./shared/checks.js";
