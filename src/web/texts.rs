//! The engine's texts at run time, for a module built without the `texts` feature (the
//! extension's): [`Locales`] is the text source the exports pass to `crate::render`, and it asks
//! the JS that loaded the module, through `globalThis.chatmedicText(lang, key)`.
//!
//! The extension ships `_locales/<lang>/messages.json` for `chrome.i18n` anyway; a copy of their
//! engine texts compiled into the module was a fifth of its gzipped size. `extension/lib/engine.js`
//! reads the three files before the engine is used and defines the function (the message of
//! `key` in `lang`, or `undefined`). Without it every text renders as its key, as a broken
//! locale file would, rather than failing the diagnosis.

use std::cell::RefCell;
use std::collections::BTreeMap;

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use crate::render::{Lang, Texts};

#[wasm_bindgen]
extern "C" {
    /// `globalThis.chatmedicText(lang, key)`; an error when it is not defined.
    #[wasm_bindgen(catch, js_namespace = globalThis, js_name = chatmedicText)]
    fn js_text(lang: &str, key: &str) -> Result<Option<String>, JsValue>;
}

thread_local! {
    /// Every answer so far, by language tag and key, misses included: a report asks for the same
    /// few hundred keys at most, and a text source lends its texts for as long as it lives, which
    /// for this one (a unit value owning nothing) is for good: so each text is leaked once per
    /// instance (a new instance after a panic starts over, with fresh memory).
    static CACHE: RefCell<BTreeMap<(&'static str, String), Option<&'static str>>> =
        const { RefCell::new(BTreeMap::new()) };
}

/// The extension's `_locales` messages, as the text source `crate::render` renders from in a
/// module built without its own copy (see [`Texts`]).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Locales;

impl Texts for Locales {
    fn get(&self, key: &str, lang: Lang) -> Option<&str> {
        one(lang, key)
    }
}

/// The text of `key` in `lang` alone.
fn one(lang: Lang, key: &str) -> Option<&'static str> {
    let id = (lang.tag(), key.to_owned());
    if let Some(known) = CACHE.with(|c| c.borrow().get(&id).copied()) {
        return known;
    }
    let text: Option<&'static str> = js_text(lang.tag(), key)
        .ok()
        .flatten()
        .map(|t| &*Box::leak(t.into_boxed_str()));
    CACHE.with(|c| c.borrow_mut().insert(id, text));
    text
}
