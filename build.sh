#!/usr/bin/env bash
# chatmedic's one build script: sets up what is missing, then builds, tests or benchmarks.
#
#   ./build.sh          set up, build the CLI and the wasm package, assemble dist/
#   ./build.sh test     set up, then fmt, clippy (host and wasm32), cargo test, browser tests
#   ./build.sh bench    release build, then every tests/bench/*.sh
#   ./build.sh help     this list
#
# Idempotent and quick when everything is there: each tool is checked before it is installed.
# Works on a fresh Debian machine with a Rust toolchain (CI runs it that way, as root, no stdin).
set -euo pipefail
cd "$(dirname "$0")"

readonly WASM_TARGET=wasm32-unknown-unknown
readonly PKG_DIR=target/pkg
readonly WEBDRIVER_DIR=target/webdriver
readonly TARGET_DIR="${CARGO_TARGET_DIR:-target}"
export DEBIAN_FRONTEND=noninteractive
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

say() { printf '==> %s\n' "$*" >&2; }
die() {
	printf 'build.sh: %s\n' "$*" >&2
	exit 1
}

# Runs a command as root: directly when we are root, else through sudo where there is one.
as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		die "need root (or sudo) to run: $*"
	fi
}

# Installs the Debian packages given as "command:package" pairs whose command is missing;
# runs apt-get only when something is missing.
apt_ensure() {
	local pair missing=()
	for pair in "$@"; do
		command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
	done
	[ "${#missing[@]}" -eq 0 ] && return 0
	say "installing Debian packages: ${missing[*]}"
	as_root apt-get update
	as_root apt-get install -y "${missing[@]}"
}

# The wasm-bindgen version Cargo.lock pins; the CLI must match it exactly or the generated glue
# and the wasm disagree ("wasm-bindgen-cli version must match wasm-bindgen crate version").
locked_wasm_bindgen_version() {
	[ -f Cargo.lock ] || cargo generate-lockfile
	awk '/^name = "wasm-bindgen"$/ { found = 1; next }
	     found && /^version = / { gsub(/"/, "", $3); print $3; exit }' Cargo.lock
}

installed_wasm_bindgen_version() {
	command -v wasm-bindgen >/dev/null 2>&1 || return 0
	wasm-bindgen --version | awk '{ print $2 }'
}

setup_build() {
	if ! rustup target list --installed | grep -qx "$WASM_TARGET"; then
		say "adding the $WASM_TARGET target"
		rustup target add "$WASM_TARGET"
	fi

	local want have
	want="$(locked_wasm_bindgen_version)"
	[ -n "$want" ] || die "no wasm-bindgen entry in Cargo.lock"
	have="$(installed_wasm_bindgen_version)"
	if [ "$have" != "$want" ] || ! command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
		say "installing wasm-bindgen-cli $want (found: ${have:-none})"
		cargo install wasm-bindgen-cli --version "$want" --force
	fi
	have="$(installed_wasm_bindgen_version)"
	[ "$have" = "$want" ] || die "wasm-bindgen CLI is $have, Cargo.lock wants $want"

	# npm keeps a copy of the lock it installed in node_modules/; reinstall only when the lock is
	# newer than that copy (npm ci always wipes node_modules first, which is slow). package.json
	# brings binaryen's wasm-opt (see build_wasm), so the build needs it too.
	if [ -f package.json ] && { [ ! -f node_modules/.package-lock.json ] ||
		[ package-lock.json -nt node_modules/.package-lock.json ]; }; then
		apt_ensure npm:npm
		say "npm ci"
		npm ci --no-audit --no-fund
	fi
}

setup_test() {
	setup_build
	local component
	for component in rustfmt clippy; do
		if ! rustup component list --installed | grep -q "^$component"; then
			say "adding the $component component"
			rustup component add "$component"
		fi
	done
	apt_ensure chromium:chromium chromedriver:chromium-driver firefox-esr:firefox-esr
	if ! command -v geckodriver >/dev/null 2>&1; then
		say "installing geckodriver"
		cargo install geckodriver
	fi
}

# The wasm-opt to use: npm's binaryen (package.json pins it), else one on PATH that is new
# enough. Binaryen up to 108 (Debian bookworm's) rebinds the exported externref table
# `__wbindgen_externrefs` onto the funcref table whatever the flags (fixed in 110: binaryen#4711),
# and the glue then fails at init; wasm-bindgen's own output is correct, so without a good
# wasm-opt the package ships unoptimized.
find_wasm_opt() {
	local candidate version
	for candidate in node_modules/.bin/wasm-opt "$(command -v wasm-opt || true)"; do
		if [ -z "$candidate" ] || [ ! -x "$candidate" ]; then continue; fi
		version="$("$candidate" --version | awk '{ print $3 }')"
		if [ "${version:-0}" -ge 110 ] 2>/dev/null; then
			echo "$candidate"
			return 0
		fi
		say "skipping $candidate: binaryen $version breaks the externref table (needs >= 110)"
	done
	return 0
}

build_wasm() {
	cargo build --release --target "$WASM_TARGET" --lib
	rm -rf "$PKG_DIR"
	wasm-bindgen --target web --out-dir "$PKG_DIR" --out-name chatmedic \
		"$TARGET_DIR/$WASM_TARGET/release/chatmedic.wasm"
	local wasm_opt
	wasm_opt="$(find_wasm_opt)"
	if [ -n "$wasm_opt" ]; then
		# rustc enables reference types and bulk memory for this target; wasm-opt must be told.
		"$wasm_opt" -O3 --enable-reference-types --enable-bulk-memory \
			-o "$PKG_DIR/chatmedic_bg.wasm" "$PKG_DIR/chatmedic_bg.wasm"
	else
		say "no usable wasm-opt (npm ci installs one): $PKG_DIR left unoptimized"
	fi
	check_pkg
}

# Instantiates the package in Node and calls an export: catches a broken wasm-opt or glue here
# rather than in the extension.
check_pkg() {
	command -v node >/dev/null 2>&1 || return 0
	node --input-type=module -e "
		import { readFileSync } from 'node:fs';
		const pkg = await import('$PWD/$PKG_DIR/chatmedic.js');
		pkg.initSync({ module: readFileSync('$PWD/$PKG_DIR/chatmedic_bg.wasm') });
		const report = pkg.diagnose([], 'en');
		if (report.verdict !== 'all_clear') throw new Error('unexpected: ' + JSON.stringify(report));
	" || die "$PKG_DIR does not load in Node"
}

# Copies the files of directory $1 into $2 (created), except those matching the names in $3...
copy_tree() {
	local from="$1" to="$2"
	shift 2
	local excludes=() name
	for name in "$@"; do excludes+=(--exclude "$name"); done
	mkdir -p "$to"
	tar -C "$from" -cf - "${excludes[@]}" . | tar -C "$to" -xf -
}

has_files() { [ -d "$1" ] && [ -n "$(find "$1" -type f -print -quit)" ]; }

# dist/chrome and dist/firefox (and dist/chatmedic-<browser>.zip) from extension/: the shared
# files, the browser's quirks (extension/platform/<browser>/quirks.js becomes lib/quirks.js), the
# wasm package, and one manifest: manifest.base.json merged with platform/<browser>/manifest.json
# (jq merges objects deeply but replaces arrays, so each array lives in one of the two files),
# with the host permissions and content-script matches taken from the catalogue
# (`chatmedic catalog --json`): only the chat services' hosts.
build_extension() {
	local catalog=target/extension/catalog.json browser dir
	apt_ensure zip:zip
	mkdir -p target/extension
	"$TARGET_DIR/release/chatmedic" catalog --json >"$catalog"
	for browser in chrome firefox; do
		dir="dist/$browser"
		rm -rf "$dir" "dist/chatmedic-$browser.zip"
		copy_tree extension "$dir" manifest.base.json platform
		cp "extension/platform/$browser/quirks.js" "$dir/lib/quirks.js"
		mkdir -p "$dir/pkg"
		cp "$PKG_DIR/chatmedic.js" "$PKG_DIR/chatmedic_bg.wasm" "$dir/pkg/"
		jq -s '
			(.[0] * .[1]) as $m | .[2] as $cat
			| [$cat.services[] | select(.api | not) | .hosts[] | ("https://" + . + "/*", "https://*." + . + "/*")] as $pages
			| $m | .host_permissions = $cat.hostPatterns
			| .content_scripts |= map(.matches = $pages)
		' extension/manifest.base.json "extension/platform/$browser/manifest.json" "$catalog" \
			>"$dir/manifest.json"
		(cd "$dir" && zip -qr -X "../chatmedic-$browser.zip" .)
		say "assembled $dir and dist/chatmedic-$browser.zip"
	done
}

# dist/www from www/: the page, the wasm package, and the extension's locale files (the one
# source of every string).
assemble_www() {
	rm -rf dist/www
	if ! has_files www; then
		say "www/ has no files yet: dist/www skipped"
		return 0
	fi
	copy_tree www dist/www
	copy_tree "$PKG_DIR" dist/www/pkg
	if has_files extension/_locales; then
		copy_tree extension/_locales dist/www/_locales
	fi
	say "assembled dist/www"
}

# The help page and widget (www/): dist/www with the wasm package and the copied _locales, then
# checked (every string the page names exists in every language). target/www.stamp marks the
# build, for `serve` to tell whether it is out of date.
build_www() {
	assemble_www
	[ -f dist/www/index.html ] || die "dist/www was not assembled (www/ is empty?)"
	[ -f dist/www/pkg/chatmedic_bg.wasm ] || die "dist/www has no wasm package"
	apt_ensure node:nodejs
	node tests/www/check-strings.mjs www extension/_locales
	mkdir -p target
	touch target/www.stamp
}

# Whether dist/www is missing or older than what it is made of.
www_stale() {
	[ -f target/www.stamp ] && [ -f dist/www/index.html ] || return 0
	[ -n "$(find src www extension/_locales Cargo.toml Cargo.lock -newer target/www.stamp -print -quit)" ]
}

# The wasm package and the page, for `serve`, the page tests and the page benchmark.
build_page() {
	build_wasm
	build_www
}

# ./build.sh serve: builds the page if anything it is made of changed, then serves dist/www on
# loopback with the endpoints its checks use (WebSocket echo, the third-party cookie site) and
# prints the URL. PORT picks the port (default 8080, else any free one).
serve() {
	if www_stale; then
		setup_build
		build_page
	fi
	apt_ensure node:nodejs
	exec node tests/www/server.mjs --root dist/www
}

# The wasm-bindgen probe tests (tests/web_probe.rs) run against tests/www/probe-servers.mjs on
# two loopback ports, compiled into the tests (CHATMEDIC_PROBE_PAGE/FAKE); taken ports are
# replaced by free ones.
PROBE_PAGE_PORT=47811
PROBE_FAKE_PORT=47812

port_free() { ! (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pick_probe_ports() {
	while ! port_free "$PROBE_PAGE_PORT" || ! port_free "$PROBE_FAKE_PORT"; do
		PROBE_PAGE_PORT=$((20000 + RANDOM % 30000))
		PROBE_FAKE_PORT=$((PROBE_PAGE_PORT + 1))
	done
}

# Runs "$@" while the probe servers are up; stops them (by their pid) afterwards.
with_probe_servers() {
	local pid status=0
	node tests/www/probe-servers.mjs "$PROBE_PAGE_PORT" "$PROBE_FAKE_PORT" &
	pid=$!
	for _ in $(seq 100); do
		port_free "$PROBE_FAKE_PORT" || break
		sleep 0.1
	done
	"$@" || status=$?
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	return "$status"
}

wasm_probe_test() {
	wasm_test "$1" web_probe \
		CHATMEDIC_PROBE_PAGE="127.0.0.1:$PROBE_PAGE_PORT" \
		CHATMEDIC_PROBE_FAKE="127.0.0.1:$PROBE_FAKE_PORT"
}

# The extension's tests, as steps of `./build.sh test`: dist/chrome and dist/firefox built as
# they ship, then end to end in Chromium (Playwright) and Firefox (geckodriver) against the fake
# chat service (tests/e2e/; popup screenshots in target/e2e-screenshots/), then `web-ext lint`.
test_extension() {
	apt_ensure node:nodejs openssl:openssl
	step "extension build (dist/chrome, dist/firefox)" build_extension_release
	step "extension end to end (Chromium, Firefox)" node tests/e2e/run.mjs \
		tests/e2e/chromium.test.mjs tests/e2e/page-safety.test.mjs tests/e2e/firefox.test.mjs
	step "web-ext lint (dist/firefox)" lint_firefox_extension
}

build_extension_release() {
	cargo build --release
	build_wasm
	build_extension
}

# 0 errors and 0 warnings; no update check (nothing in a test run leaves this machine).
lint_firefox_extension() {
	NO_UPDATE_NOTIFIER=1 node_modules/.bin/web-ext lint --source-dir dist/firefox \
		--no-config-discovery --warnings-as-errors
}

# The extension's measurements, for `./build.sh bench`: wasm size (gzipped), popup open to
# diagnosis, the hooks' cost on a 50 MB SSE reply, observations per second in the background.
bench_extension() {
	apt_ensure node:nodejs chromium:chromium openssl:openssl
	[ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund
	build_wasm
	build_extension
	node tests/e2e/bench.mjs
}

# The page's tests, as steps of `./build.sh test`: the probes in both browsers, then the built
# page end to end in Chromium (tests/www/run.mjs; screenshots in target/www-screenshots/).
test_www() {
	apt_ensure node:nodejs
	pick_probe_ports
	step "page probes (wasm, headless Chromium)" with_probe_servers wasm_probe_test chrome
	step "page probes (wasm, headless Firefox)" with_probe_servers wasm_probe_test firefox
	step "page build (dist/www)" build_page
	step "page end to end (Playwright, Chromium)" node tests/www/run.mjs --root dist/www
}

# The page's measurements, for `./build.sh bench`: a HAR in the page vs JSON.parse of the same
# file, the sanitizer, and the time to the first check result.
bench_www() {
	apt_ensure node:nodejs chromium:chromium
	build_page
	node tests/www/bench.mjs --root dist/www
}

cmd_build() {
	setup_build
	cargo build --release
	build_wasm
	build_extension
	build_www
	say "built target/release/chatmedic and $PKG_DIR/chatmedic{.js,_bg.wasm}"
}

# Capabilities for wasm-bindgen-test-runner. The runner reads the file named by
# WASM_BINDGEN_TEST_WEBDRIVER_JSON (else ./webdriver.json, but the top level is fixed), and adds
# its own headless flags to these.
write_webdriver_json() {
	mkdir -p "$WEBDRIVER_DIR"
	cat >"$WEBDRIVER_DIR/chrome.json" <<-'EOF'
		{
		  "goog:chromeOptions": {
		    "binary": "/usr/bin/chromium",
		    "args": [
		      "--no-sandbox", "--headless", "--disable-gpu", "--disable-dev-shm-usage",
		      "--disable-background-networking", "--disable-component-update",
		      "--disable-sync", "--no-first-run"
		    ]
		  }
		}
	EOF
	# Firefox phones home at start (updates, safe browsing, captive portal); turn it off:
	# nothing in a test run may leave this machine.
	cat >"$WEBDRIVER_DIR/firefox.json" <<-EOF
		{
		  "moz:firefoxOptions": {
		    "binary": "$(command -v firefox-esr)",
		    "args": ["-headless"],
		    "prefs": {
		      "app.update.enabled": false,
		      "app.normandy.enabled": false,
		      "browser.safebrowsing.malware.enabled": false,
		      "browser.safebrowsing.phishing.enabled": false,
		      "browser.safebrowsing.downloads.enabled": false,
		      "datareporting.policy.dataSubmissionEnabled": false,
		      "extensions.update.enabled": false,
		      "network.captive-portal-service.enabled": false,
		      "network.connectivity-service.enabled": false,
		      "toolkit.telemetry.enabled": false
		    }
		  }
		}
	EOF
}

# Test steps, timed. Each test step's output is kept, to count the tests it ran.
TEST_LOG=""
STEP_TIMES=()

step() {
	local name="$1" start end status=0
	shift
	say "$name"
	start=$(date +%s)
	"$@" 2>&1 | tee -a "$TEST_LOG" || status=$?
	end=$(date +%s)
	STEP_TIMES+=("$(printf '%-46s %5ss  %s' "$name" "$((end - start))" "$([ $status -eq 0 ] && echo ok || echo FAILED)")")
	if [ $status -ne 0 ]; then
		summary
		die "step failed: $name"
	fi
}

# Sums cargo's and wasm-bindgen-test's "test result: ... N passed; M failed" lines.
summary() {
	local passed failed
	read -r passed failed < <(awk '/^test result: /{
		for (i = 1; i <= NF; i++) {
			if ($(i + 1) ~ /^passed;?$/) p += $i
			if ($(i + 1) ~ /^failed;?$/) f += $i
		}
	} END { print p + 0, f + 0 }' "$TEST_LOG")
	printf '\n%-46s %6s  %s\n' step time result
	printf '%s\n' "${STEP_TIMES[@]}"
	printf '\ntests: %s passed, %s failed\n' "$passed" "$failed"
}

wasm_browser_test() { wasm_test "$1" web; }

# Runs the wasm-bindgen test target $2 in headless browser $1 (chrome or firefox), with any
# further NAME=value arguments in its environment.
wasm_test() {
	local browser="$1" target="$2"
	shift 2
	local common=(
		CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
		WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/$WEBDRIVER_DIR/$browser.json"
		# Two cores and a cold browser: the defaults (5 s to start the driver, 20 s per test
		# run) are too tight under load.
		WASM_BINDGEN_TEST_DRIVER_TIMEOUT=60
		WASM_BINDGEN_TEST_TIMEOUT=180
		"$@"
	)
	# The runner takes the first driver variable it finds (gecko before chrome), so each run
	# unsets the other browser's.
	case "$browser" in
	chrome)
		env -u GECKODRIVER -u GECKODRIVER_REMOTE -u CHROMEDRIVER_REMOTE "${common[@]}" \
			CHROMEDRIVER=/usr/bin/chromedriver \
			cargo test --target "$WASM_TARGET" --test "$target"
		;;
	firefox)
		env -u CHROMEDRIVER -u CHROMEDRIVER_REMOTE -u GECKODRIVER_REMOTE "${common[@]}" \
			GECKODRIVER="$(command -v geckodriver)" \
			cargo test --target "$WASM_TARGET" --test "$target"
		;;
	esac
}

cmd_test() {
	setup_test
	write_webdriver_json
	mkdir -p target
	TEST_LOG="$(mktemp target/test-log.XXXXXX)"
	step "cargo fmt --check" cargo fmt --all -- --check
	step "clippy (host)" cargo clippy --all-targets -- -D warnings
	step "clippy (wasm32)" cargo clippy --target "$WASM_TARGET" --lib --tests -- -D warnings
	step "cargo test (native)" cargo test
	step "wasm tests (headless Chromium)" wasm_browser_test chrome
	step "wasm tests (headless Firefox)" wasm_browser_test firefox
	test_www
	test_extension
	summary
	rm -f "$TEST_LOG"
}

cmd_bench() {
	setup_build
	cargo build --release
	local script found=0
	for script in tests/bench/*.sh; do
		[ -f "$script" ] || continue
		found=1
		say "$script"
		CHATMEDIC="$(realpath "$TARGET_DIR/release/chatmedic")" bash "$script"
	done
	[ "$found" -eq 1 ] || say "no benchmarks in tests/bench/"
	say "the help page (tests/www/bench.mjs)"
	bench_www
	say "the extension (tests/e2e/bench.mjs)"
	bench_extension
}

cmd_help() {
	cat <<-'EOF'
		usage: ./build.sh [command]
		  (none)   install what is missing, build the CLI (target/release/chatmedic), the wasm
		           package (target/pkg) and dist/{chrome,firefox,www} from what exists
		  test     fmt, clippy (host and wasm32), cargo test, wasm tests in headless Chromium
		           and Firefox; ends with "tests: N passed, M failed"
		  bench    release build, then runs each tests/bench/*.sh and prints its table, then
		           the help page's (HAR in the page vs JSON.parse, time to first check)
		  serve    build the help page if needed and serve dist/www on localhost (prints
		           the URL; PORT=… picks the port)
		  help     this text
	EOF
}

case "${1:-build}" in
build) cmd_build ;;
test) cmd_test ;;
bench) cmd_bench ;;
serve) serve ;;
help | -h | --help) cmd_help ;;
*)
	cmd_help >&2
	exit 2
	;;
esac
