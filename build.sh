#!/usr/bin/env bash
# chatmedic's one build script: sets up what is missing, then builds, tests or benchmarks.
#
#   ./build.sh          set up, build the CLI and the wasm packages, assemble dist/
#   ./build.sh test     set up, then fmt, biome, clippy (host and wasm32), cargo test, cargo doc,
#                       browser tests
#   ./build.sh bench    release build, then every tests/bench/*.sh
#   ./build.sh help     this list
#
# Idempotent and quick when everything is there: each tool is checked before it is installed.
# Works on a fresh Debian machine with a Rust toolchain (CI runs it that way, as root, no stdin).
set -euo pipefail
cd "$(dirname "$0")"

readonly WASM_TARGET=wasm32-unknown-unknown
# Two builds of the wasm package: the full one for the help page (opt-level 3, with the HAR
# reader and sanitizer), and the extension's (Cargo.toml's wasm-ext profile, sized for a small
# download, without those exports).
readonly PKG_DIR=target/pkg
readonly EXT_PKG_DIR=target/pkg-ext
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

# Runs wasm-bindgen on $1 into the package directory $2 (replaced), then wasm-opt with the level
# $3, then checks the package loads.
bindgen_pkg() {
	local wasm="$1" dir="$2" passes
	# $3: wasm-opt's passes, space-separated.
	read -r -a passes <<<"$3"
	rm -rf "$dir"
	wasm-bindgen --target web --out-dir "$dir" --out-name chatmedic "$wasm"
	local wasm_opt
	wasm_opt="$(find_wasm_opt)"
	if [ -n "$wasm_opt" ]; then
		# rustc enables reference types and bulk memory for this target; wasm-opt must be told.
		"$wasm_opt" "${passes[@]}" --enable-reference-types --enable-bulk-memory \
			-o "$dir/chatmedic_bg.wasm" "$dir/chatmedic_bg.wasm"
	else
		say "no usable wasm-opt (npm ci installs one): $dir left unoptimized"
	fi
	check_pkg "$dir"
}

# The help page's package (target/pkg): every export, built for speed (the HAR reader).
build_wasm() {
	cargo build --release --target "$WASM_TARGET" --lib
	bindgen_pkg "$TARGET_DIR/$WASM_TARGET/release/chatmedic.wasm" "$PKG_DIR" -O3
}

# The extension's package (target/pkg-ext): no HAR reader or sanitizer (no default features),
# built for size (profile wasm-ext, wasm-opt -Oz); its budget is 250 KiB gzipped.
build_wasm_ext() {
	cargo build --profile wasm-ext --target "$WASM_TARGET" --lib --no-default-features
	# Size over speed, as far as binaryen goes: functions that differ only in constants merged,
	# passes repeated until nothing shrinks, and what a fresh Rust module guarantees (memory
	# starts zeroed; the first KiB is never used: the stack and data sit above it) used.
	bindgen_pkg "$TARGET_DIR/$WASM_TARGET/wasm-ext/chatmedic.wasm" "$EXT_PKG_DIR" \
		"--merge-similar-functions -Oz --converge --low-memory-unused --zero-filled-memory --strip-producers"
	check_wasm_budget "$EXT_PKG_DIR/chatmedic_bg.wasm"
}

# The extension's module must stay within WASM_EXT_BUDGET_KIB gzipped (gzip -9, as the store
# and the bench measure it): a build over it fails, saying by how much.
readonly WASM_EXT_BUDGET_KIB=250
check_wasm_budget() {
	local wasm="$1" bytes
	bytes="$(gzip -9 -c "$wasm" | wc -c)"
	if [ "$bytes" -gt $((WASM_EXT_BUDGET_KIB * 1024)) ]; then
		die "$wasm is $((bytes / 1024)) KiB gzipped, over the extension's budget of $WASM_EXT_BUDGET_KIB KiB"
	fi
	say "$wasm: $((bytes / 1024)) KiB gzipped (budget $WASM_EXT_BUDGET_KIB KiB)"
}

# Instantiates the package in directory $1 in Node and calls an export: catches a broken
# wasm-opt or glue here rather than in the extension. The texts come from the English locale file
# as lib/engine.js provides them to the extension's module (built without its own copy; the help
# page's module has them compiled in and never asks); the report must carry them.
check_pkg() {
	local dir="$1"
	command -v node >/dev/null 2>&1 || return 0
	node --input-type=module -e "
		import { readFileSync } from 'node:fs';
		const en = JSON.parse(readFileSync('$PWD/extension/_locales/en/messages.json', 'utf8'));
		globalThis.chatmedicText = (lang, key) =>
			lang === 'en' && Object.hasOwn(en, key) ? en[key].message : undefined;
		const pkg = await import('$PWD/$dir/chatmedic.js');
		pkg.initSync({ module: readFileSync('$PWD/$dir/chatmedic_bg.wasm') });
		const report = pkg.diagnose([], 'en');
		if (report.verdict !== 'all_clear') throw new Error('unexpected: ' + JSON.stringify(report));
		if (!report.supportSummary.startsWith(en.summary_title.message))
			throw new Error('no texts: ' + JSON.stringify(report.supportSummary));
	" || die "$dir does not load in Node"
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

# The release CLI with arguments "$@", built first if it is not there yet.
cli() {
	[ -x "$TARGET_DIR/release/chatmedic" ] || cargo build --release --bin chatmedic
	"$TARGET_DIR/release/chatmedic" "$@"
}

# Writes the facts the JavaScript uses (services, languages, message types, limits, fix and cause
# ids; see src/facts.rs) as generated by the CLI from the crate, to $1: nothing hand-kept in JS.
write_facts() { cli facts >"$1"; }

# The MAIN-world page hook as it ships, to $1: extension/content/page-hook.js with the facts it
# uses (source, type, event names, kept headers, limits) written in by the CLI in place of its
# one marker; it cannot load lib/facts.js (that would leave a global in the page).
write_hook() { cli facts --hook extension/content/page-hook.js >"$1"; }

# dist/chrome and dist/firefox (and dist/chatmedic-<browser>.zip) from extension/: the shared
# files, the page hook with its facts written in (write_hook), the browser's quirks
# (extension/platform/<browser>/quirks.js becomes lib/quirks.js), the extension's wasm package (target/pkg-ext, see build_wasm_ext), and one manifest: manifest.base.json merged with platform/<browser>/manifest.json
# (jq merges objects deeply but replaces arrays, so each array lives in one of the two files),
# with the host permissions and content-script matches taken from the catalogue
# (`chatmedic catalog --json`): only the chat services' hosts.
build_extension() {
	local catalog=target/extension/catalog.json browser dir
	apt_ensure zip:zip
	mkdir -p target/extension
	cli catalog --json >"$catalog"
	for browser in chrome firefox; do
		dir="dist/$browser"
		rm -rf "$dir" "dist/chatmedic-$browser.zip"
		copy_tree extension "$dir" manifest.base.json platform
		cp "extension/platform/$browser/quirks.js" "$dir/lib/quirks.js"
		write_facts "$dir/lib/facts.js"
		write_hook "$dir/content/page-hook.js"
		mkdir -p "$dir/pkg"
		cp "$EXT_PKG_DIR/chatmedic.js" "$EXT_PKG_DIR/chatmedic_bg.wasm" "$dir/pkg/"
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

# dist/www from www/: the page, the wasm package, the extension's locale files (the one source
# of every string), and the extension's modules the page shares (lib/shared/: the strings, the
# fixes' clock, the checks runner and the engine's panic guard; they use no extension API), with
# the generated facts beside them.
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
	mkdir -p dist/www/lib/shared
	cp extension/lib/checks.js extension/lib/guard.js extension/lib/fixes.js extension/lib/i18n.js \
		dist/www/lib/shared/
	write_facts dist/www/lib/shared/facts.js
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
	[ -n "$(find src www extension/_locales extension/lib/checks.js extension/lib/guard.js \
		extension/lib/fixes.js extension/lib/i18n.js Cargo.toml Cargo.lock \
		-newer target/www.stamp -print -quit)" ]
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
		tests/e2e/chromium.test.mjs tests/e2e/fixes.test.mjs tests/e2e/page-safety.test.mjs tests/e2e/firefox.test.mjs \
		tests/e2e/popup.test.mjs tests/e2e/stream-hook.test.mjs tests/e2e/hostile.test.mjs \
		tests/e2e/load.test.mjs tests/e2e/real-blocker.test.mjs tests/e2e/notice-and-error-page.test.mjs \
		tests/e2e/services.test.mjs
	step "web-ext lint (dist/firefox)" lint_firefox_extension
}

build_extension_release() {
	cargo build --release
	build_wasm_ext
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
	build_wasm_ext
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
	build_wasm_ext
	build_extension
	build_www
	say "built target/release/chatmedic, $PKG_DIR (help page) and $EXT_PKG_DIR (extension)"
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

# The JavaScript of the extension, the page and the tests: biome's recommended lint rules and
# its formatter (biome.jsonc says which rules are off and why); a warning fails too.
lint_javascript() {
	node_modules/.bin/biome ci --error-on-warnings --colors=off extension www tests
}

cmd_test() {
	setup_test
	write_webdriver_json
	mkdir -p target
	TEST_LOG="$(mktemp target/test-log.XXXXXX)"
	step "cargo fmt --check" cargo fmt --all -- --check
	step "biome ci (JavaScript lint and format)" lint_javascript
	step "clippy (host)" cargo clippy --all-targets -- -D warnings
	step "clippy (wasm32)" cargo clippy --target "$WASM_TARGET" --lib --tests -- -D warnings
	step "clippy (wasm32, the extension's features)" cargo clippy --target "$WASM_TARGET" --lib \
		--tests --no-default-features -- -D warnings
	step "cargo test (native)" cargo test
	step "cargo doc (host)" env RUSTDOCFLAGS="-D warnings" cargo doc --no-deps
	step "cargo doc (wasm32, src/web)" env RUSTDOCFLAGS="-D warnings" \
		cargo doc --no-deps --lib --target "$WASM_TARGET"
	step "cargo doc (wasm32, the extension's features)" env RUSTDOCFLAGS="-D warnings" \
		cargo doc --no-deps --lib --target "$WASM_TARGET" --no-default-features
	step "wasm tests (headless Chromium)" wasm_browser_test chrome
	step "wasm tests (headless Firefox)" wasm_browser_test firefox
	test_www
	test_extension
	summary
	rm -f "$TEST_LOG"
}

cmd_bench() {
	setup_build
	# tests/bench/har.sh reads peak memory with GNU time.
	if [ ! -x /usr/bin/time ]; then
		as_root apt-get update
		as_root apt-get install -y time
	fi
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

# The fuzz targets (tests/fuzz/fuzz_targets/), run in this order by `./build.sh fuzz`.
fuzz_targets() { echo har explain message status sanitize redact; }

# The longest input libFuzzer makes for a target: the HAR targets start from the scenario HARs
# (up to ~90 KB, libFuzzer's default takes the largest seed); a page message must be able to
# cross its 16 KiB limit; texts and feeds get room for what a paste or a page can hold.
fuzz_max_len() {
	case "$1" in
	message) echo 20000 ;;
	explain | status) echo 16384 ;;
	redact) echo 8192 ;;
	*) echo 0 ;;
	esac
}

# cargo-fuzz needs the nightly toolchain (sancov instrumentation); a fresh machine cannot fetch
# one here, so its absence is an error that says what to do.
setup_fuzz() {
	rustup toolchain list | grep -q '^nightly' ||
		die "cargo fuzz needs the nightly toolchain: rustup toolchain install nightly"
	if ! command -v cargo-fuzz >/dev/null 2>&1; then
		say "installing cargo-fuzz"
		cargo install cargo-fuzz
	fi
}

# Builds the fuzz targets and fuzz_tool (seed corpora, corpus timing) into $1. No sanitizer: the
# crate forbids unsafe code, so what there is to find (panics, overflows with debug assertions
# on, slow or huge inputs) shows without ASan, at about twice the executions per second.
build_fuzz() {
	local cargo_dir="$1" t
	cargo +nightly build --release --manifest-path tests/fuzz/Cargo.toml \
		--target-dir "$cargo_dir" --bin fuzz_tool
	for t in $(fuzz_targets); do
		cargo +nightly fuzz build --fuzz-dir tests/fuzz --target-dir "$cargo_dir" \
			--sanitizer none --debug-assertions "$t"
	done
}

# Reads a libFuzzer log: "executions exec/s corpus cov/ft slowest-seconds" (the last status
# line's figures, the final stats where libFuzzer printed them).
fuzz_figures() {
	awk '
		/^#[0-9]+/ {
			execs = substr($1, 2)
			for (i = 2; i < NF; i++) {
				if ($i == "cov:") cov = $(i + 1)
				if ($i == "ft:") ft = $(i + 1)
				if ($i == "corp:") corp = $(i + 1)
				if ($i == "exec/s:") eps = $(i + 1)
			}
		}
		/^stat::number_of_executed_units:/ { execs = $2 }
		/^stat::average_exec_per_sec:/ { eps = $2 }
		/^stat::slowest_unit_time_sec:/ { slow = $2 }
		END {
			printf "%s %s %s %s/%s %s\n", execs + 0, eps + 0, (corp == "" ? "-" : corp),
				(cov == "" ? "-" : cov), (ft == "" ? "-" : ft), (slow == "" ? "-" : slow)
		}' "$1"
}

# Whether a timed-out input really takes over a second: it runs again alone, up to three times.
# A timeout that does not come back was the machine, not the input: on two shared cores a niced
# fuzzer can be off the CPU for a second.
fuzz_timeout_recurs() {
	local bin="$1" input="$2" i
	for i in 1 2 3; do
		"$bin" -timeout=1 -rss_limit_mb=2048 "$input" >/dev/null 2>&1 && return 1
	done
	return 0
}

# Fuzzes one target for $2 seconds; writes its table row to $out/rows/$t and returns non-zero
# when it found anything. libFuzzer stops at its first finding: after a timeout that does not
# recur it is started again (same corpus) for the time left, so the target still gets its seconds.
fuzz_one() {
	local t="$1" seconds="$2" out="$3" bin="$4" stamp="$5"
	local corpus="$out/corpus/$t" artifacts="$out/artifacts/$stamp/$t" log="$out/logs/$t.log"
	local max_len status start left session=0 execs=0 slow=0 n eps corp cov s f moved
	local crashes=0 timeouts=0 flaky=0 replay result
	mkdir -p "$corpus" "$artifacts/not-recurring" "$out/logs"
	max_len="$(fuzz_max_len "$t")"
	: >"$log"
	start=$(date +%s)
	while left=$((seconds - ($(date +%s) - start))) && [ "$left" -gt 0 ]; do
		session=$((session + 1))
		say "fuzzing $t for ${left}s (session $session, log: $log)"
		status=0
		# -timeout=1: an input that takes over a second is a failure. New inputs go to the
		# first directory (kept across runs); the seeds are read from the second.
		"$bin/$t" -timeout=1 -max_total_time="$left" -rss_limit_mb=2048 -print_final_stats=1 \
			-report_slow_units=1 -max_len="$max_len" -artifact_prefix="$artifacts/" \
			"$corpus" "$out/seeds/$t" >"$log.part" 2>&1 || status=$?
		cat "$log.part" >>"$log"
		read -r n eps corp cov s < <(fuzz_figures "$log.part")
		rm -f "$log.part"
		execs=$((execs + n))
		[ "$s" = - ] || [ "$s" -le "$slow" ] || slow="$s"
		moved=0
		for f in "$artifacts"/timeout-*; do
			[ -e "$f" ] || continue
			fuzz_timeout_recurs "$bin/$t" "$f" && continue
			mv "$f" "$artifacts/not-recurring/"
			moved=1
			flaky=$((flaky + 1))
		done
		# libFuzzer's exit for a timeout that did not recur is not a finding.
		[ "$moved" -eq 0 ] || status=0
		crashes=$(find "$artifacts" -maxdepth 1 \( -name 'crash-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
		timeouts=$(find "$artifacts" -maxdepth 1 -name 'timeout-*' | wc -l)
		# Only a timeout that did not recur is worth going on after; else the time is up, or
		# libFuzzer stopped for a reason its log gives.
		[ "$crashes" -eq 0 ] && [ "$timeouts" -eq 0 ] && [ "$moved" -eq 1 ] || break
	done
	local took=$(($(date +%s) - start))
	# The slowest input of the final corpus, timed again outside the fuzzer.
	replay="$("$out/cargo/release/fuzz_tool" slowest "$t" "$corpus" "$out/seeds/$t" 2>/dev/null |
		awk '{ print $1 "ms" }')" || replay="?"
	if [ "$crashes" -gt 0 ] || [ "$timeouts" -gt 0 ]; then
		result="FAILED ($artifacts)"
	elif [ "$status" -ne 0 ]; then
		result="FAILED (libFuzzer exit $status, see $log)"
	elif [ "$flaky" -gt 0 ]; then
		result="ok ($flaky timeout(s) did not recur on 3 re-runs: load)"
	else
		result=ok
	fi
	mkdir -p "$out/rows"
	printf '%-9s %6s %11s %7s %13s %11s %7s %8s %8s %9s  %s\n' "$t" \
		"$took" "$execs" "$((execs / (took > 0 ? took : 1)))" "$corp" "$cov" "$crashes" \
		"$timeouts" "${slow}s" "${replay:-?}" "$result" >"$out/rows/$t"
	[ "$crashes" -eq 0 ] && [ "$timeouts" -eq 0 ] && [ "$status" -eq 0 ]
}

# ./build.sh fuzz [SECONDS] [TARGET...]: coverage-guided fuzzing with cargo-fuzz, SECONDS per
# target (default 600), as many targets at once as there are cores (FUZZ_JOBS overrides); builds,
# corpora, artifacts and logs in target/fuzz/. Exits non-zero if any target crashed, timed out or
# ran out of memory. Each libFuzzer process is single-threaded, so on N cores N targets get their
# full seconds in 1/N of the wall time.
cmd_fuzz() {
	local seconds="${1:-600}"
	shift || true
	[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || die "fuzz: SECONDS must be a positive number"
	local targets=("$@") t failed=0
	[ "${#targets[@]}" -gt 0 ] || read -r -a targets <<<"$(fuzz_targets)"
	for t in "${targets[@]}"; do
		[ -f "tests/fuzz/fuzz_targets/$t.rs" ] || die "fuzz: no target $t (targets: $(fuzz_targets))"
	done
	setup_fuzz
	local out="$TARGET_DIR/fuzz" stamp
	stamp="$(date +%Y%m%d-%H%M%S)"
	build_fuzz "$out/cargo"
	# Seeds from the repo's inputs, made afresh each run (never committed).
	rm -rf "$out/seeds"
	"$out/cargo/release/fuzz_tool" seeds . "$out/seeds"
	local jobs="${FUZZ_JOBS:-$(nproc)}" running=0
	[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "fuzz: FUZZ_JOBS must be a positive number"
	rm -rf "$out/rows"
	for t in "${targets[@]}"; do
		if [ "$running" -ge "$jobs" ]; then
			wait -n || failed=1
			running=$((running - 1))
		fi
		fuzz_one "$t" "$seconds" "$out" "$out/cargo/x86_64-unknown-linux-gnu/release" "$stamp" &
		running=$((running + 1))
	done
	while [ "$running" -gt 0 ]; do
		wait -n || failed=1
		running=$((running - 1))
	done
	printf '\n%-9s %6s %11s %7s %13s %11s %7s %8s %8s %9s  %s\n' target seconds executions \
		exec/s corpus cov/ft crashes timeouts slowest replay result
	for t in "${targets[@]}"; do
		cat "$out/rows/$t" 2>/dev/null || printf '%-9s  no result (see %s/logs/%s.log)\n' "$t" "$out" "$t"
	done
	printf '\n(corpus: inputs/size; slowest: libFuzzer'"'"'s slowest input, whole seconds; replay: the\n'
	printf 'slowest corpus input re-run uninstrumented. Artifacts: %s/artifacts/%s/)\n' "$out" "$stamp"
	[ "$failed" -eq 0 ] || die "fuzzing found failures: keep each input in tests/fuzz/regressions/<target>/"
}

# ./build.sh load [MINUTES]: the extension as it ships, fed 10,000 failures a minute for
# MINUTES (default 10) by a chat page on loopback (tests/e2e/load.mjs); prints a table (rate,
# worker heap, storage.session bytes, buffer, popup time under load); fails if a bound broke.
cmd_load() {
	local minutes="${1:-10}"
	[[ "$minutes" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "load: MINUTES must be a number"
	setup_build
	apt_ensure node:nodejs chromium:chromium openssl:openssl
	cargo build --release
	build_wasm_ext
	build_extension
	node tests/e2e/load.mjs "$minutes"
}

cmd_help() {
	cat <<-'EOF'
		usage: ./build.sh [command]
		  (none)   install what is missing, build the CLI (target/release/chatmedic), the wasm
		           packages (target/pkg for the page, target/pkg-ext for the extension) and
		           dist/{chrome,firefox,www} from what exists
		  test     fmt, biome (JavaScript lint and format), clippy (host and wasm32), cargo
		           test, cargo doc (warnings denied), wasm tests in headless Chromium and
		           Firefox, the page and the extension end to end; ends with
		           "tests: N passed, M failed"
		  bench    release build, then runs each tests/bench/*.sh and prints its table, then
		           the help page's (HAR in the page vs JSON.parse, time to first check)
		  serve    build the help page if needed and serve dist/www on localhost (prints
		           the URL; PORT=… picks the port)
		  fuzz [SECONDS] [TARGET...]
		           cargo-fuzz (nightly) on the HAR reader, explain, the page-message check,
		           the status parsers, the sanitizer and redaction, SECONDS each (600);
		           prints a table and fails on any crash or input over 1 s (target/fuzz/)
		  load [MINUTES]
		           the extension fed 10,000 failures a minute for MINUTES (10) by a chat
		           page on loopback; prints rate, worker heap, storage.session bytes, buffer
		           length and popup time under load, and fails if a bound broke
		  help     this text
	EOF
}

case "${1:-build}" in
build) cmd_build ;;
test) cmd_test ;;
bench) cmd_bench ;;
fuzz)
	shift
	cmd_fuzz "$@"
	;;
load)
	shift
	cmd_load "$@"
	;;
serve) serve ;;
help | -h | --help) cmd_help ;;
*)
	cmd_help >&2
	exit 2
	;;
esac
