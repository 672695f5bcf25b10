//! Panic containment. Release builds abort on panic, so a bug in the engine ends in an
//! `unreachable` trap and the instance must not be used again: its stack pointer, allocator and
//! `RefCell`s are wherever the panic left them. The hook installed here tells JS what happened
//! (a listener the guard registers gets the message before the trap); the guard,
//! `extension/lib/guard.js`, turns the trap into a typed error and has wasm-bindgen's glue swap in
//! a new `WebAssembly.Instance` (fresh memory) through `resetEngine`. Without a listener the hook
//! schedules that replacement itself, before the next export call.

use std::cell::RefCell;

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

/// The longest panic message handed to JS, in bytes.
const MAX_MESSAGE: usize = 400;

/// What the self-test panic says (the e2e and Node tests look for it).
pub const SELF_TEST_MESSAGE: &str = "chatmedic self-test panic (deliberate)";

thread_local! {
    /// The JS function told about a panic, set by `onPanic`. Gone with the instance: the glue
    /// registers it again in each new one.
    static LISTENER: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Installs the panic hook (from `start`, so every new instance has it).
pub(crate) fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = describe(&info.to_string());
        web_sys::console::error_1(&format!("chatmedic panicked: {message}").into());
        // `try_with`/`try_borrow`: a panic while the listener is being set must not panic again.
        let listener = LISTENER
            .try_with(|l| l.try_borrow().ok().and_then(|l| l.clone()))
            .ok()
            .flatten();
        match listener {
            // The guard replaces the instance itself, synchronously once the trap has unwound:
            // scheduled here, a callback of this instance that fires first (a timer, a fetch
            // settling) would run in the new instance with this one's pointers.
            Some(listener) => {
                let _ = listener.call1(&JsValue::NULL, &JsValue::from_str(&message));
            }
            // No guard (a bare glue user): the next export call gets a fresh instance.
            None => wasm_bindgen::handler::schedule_reinit(),
        }
    }));
}

/// The panic as one line a person can read, without what the panicking code was looking at:
/// std quotes the strings it complains about between backticks ("byte index 5 is not a char
/// boundary; … of `` `the text` ``"), and that text may be a prompt or a cookie, so whatever is
/// quoted becomes an ellipsis. Secrets are redacted too, and the whole is bounded.
pub fn describe(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len().min(MAX_MESSAGE));
    let mut quoted = false;
    for c in raw.chars() {
        match c {
            '`' => {
                if !quoted {
                    out.push_str("`…`");
                }
                quoted = !quoted;
            }
            _ if quoted => {}
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    let text = crate::redact::redact(out.trim()).into_owned();
    if text.len() <= MAX_MESSAGE {
        return text;
    }
    let mut end = MAX_MESSAGE;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// Registers the function told about a panic (its message, before the call traps); `null`
/// removes it. The listener is called while the engine is on the stack: it must not call back in.
#[wasm_bindgen(js_name = onPanic)]
pub fn on_panic(listener: Option<js_sys::Function>) {
    LISTENER.with(|l| {
        if let Ok(mut l) = l.try_borrow_mut() {
            *l = listener;
        }
    });
}

/// Schedules a fresh instance before the next export call. For traps the hook did not see (an
/// allocation failure aborts without a panic): the glue calls it after any `RuntimeError`. It
/// runs nothing that could trap again, so it is safe on a broken instance.
#[wasm_bindgen(js_name = resetEngine)]
pub fn reset_engine() {
    wasm_bindgen::handler::schedule_reinit();
}

/// Panics on purpose, for tests of the containment. Harmless: it only ends the caller's own
/// instance, which the next call replaces.
#[wasm_bindgen(js_name = selfTestPanic)]
#[allow(clippy::panic)] // The point of this function.
pub fn self_test_panic() {
    panic!("{SELF_TEST_MESSAGE}");
}

/// Panics on purpose inside a future, after a turn of the microtask queue: the async exports'
/// case, where no caller's `catch` sees the trap and the guard must settle the call itself.
#[wasm_bindgen(js_name = selfTestPanicLater)]
#[allow(clippy::panic)] // The point of this function.
pub async fn self_test_panic_later() {
    let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&JsValue::NULL)).await;
    panic!("{SELF_TEST_MESSAGE}");
}
