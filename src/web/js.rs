//! Small browser helpers shared by the page and the worker.
use js_sys::{Array, Float32Array, Object, Promise, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlCanvasElement};

// `static/bindings.js` (`window.mnistBindings`, loaded by the page, not by the workers): canvas
// painting and reading, downloads, files, storage. Each may throw (storage refused, a detached
// canvas): the error comes back as a value, never as an exception through Rust.
#[wasm_bindgen(js_namespace = mnistBindings)]
extern "C" {
    /// Paints a layer's maps (`bytes`, one per value) onto the sheets in `container`, at the
    /// next frame; `big` (or null) is the enlarged map.
    #[wasm_bindgen(catch)]
    pub fn maps(container: &Element, bytes: &Uint8Array, big: &JsValue) -> Result<(), JsValue>;
    /// Shows `map` (one of the maps' elements) enlarged on `big`.
    #[wasm_bindgen(catch)]
    pub fn enlarge(big: &Element, map: &Element) -> Result<(), JsValue>;
    /// Paints conv1's 16 filters of 5×5 on the canvases in `container`, in diverging colours.
    #[wasm_bindgen(catch)]
    pub fn filters(container: &Element, values: &Float32Array) -> Result<(), JsValue>;
    /// Paints 784 saliency values on the overlay `canvas` (red more ink, blue less).
    #[wasm_bindgen(catch)]
    pub fn saliency(canvas: &HtmlCanvasElement, values: &Float32Array) -> Result<(), JsValue>;
    /// Shows patches of `side`×`side` bytes in `container`.
    #[wasm_bindgen(catch)]
    pub fn patches(container: &Element, bytes: &Uint8Array, side: usize) -> Result<(), JsValue>;
    /// Shows a 28×28 image on the drawing `canvas`, scaled up.
    #[wasm_bindgen(catch, js_name = showImage)]
    pub fn show_image(canvas: &HtmlCanvasElement, bytes: &Uint8Array) -> Result<(), JsValue>;
    /// Draws `strokes` (an array of Float32Arrays of x, y points) with a pen `width` wide.
    #[wasm_bindgen(catch)]
    pub fn paint(canvas: &HtmlCanvasElement, strokes: &Array, width: f64) -> Result<(), JsValue>;
    /// The canvas's ink: one byte per pixel (0 blank, 255 full).
    #[wasm_bindgen(catch)]
    pub fn ink(canvas: &HtmlCanvasElement) -> Result<Uint8Array, JsValue>;
    /// Shows a 28×28 grey image on `canvas`.
    #[wasm_bindgen(catch)]
    pub fn grey(canvas: &HtmlCanvasElement, bytes: &Uint8Array) -> Result<(), JsValue>;
    /// Offers `bytes` to the user as a file called `name` (the browser's download).
    #[wasm_bindgen(catch, js_name = download)]
    pub fn save_file(bytes: &Uint8Array, name: &str) -> Result<(), JsValue>;
    /// The file of an `<input type=file>` change or a drop: a promise of `{name, bytes}` or null
    /// (`{name, size}`, unread, when it is larger than `max` bytes).
    #[wasm_bindgen(catch, js_name = readFile)]
    pub fn read_file(source: &JsValue, max: f64) -> Result<Promise, JsValue>;
    /// The names of the files of an `<input type=file>` or a drop event.
    #[wasm_bindgen(catch, js_name = fileNames)]
    pub fn file_names(source: &JsValue) -> Result<Vec<String>, JsValue>;
    /// A promise of up to `count` of those files, each `{name, bytes}` (`{name, size}`, unread,
    /// when it is larger than `max` bytes).
    #[wasm_bindgen(catch, js_name = readFiles)]
    pub fn read_files(source: &JsValue, max: f64, count: u32) -> Result<Promise, JsValue>;
    /// Replaces the address bar's parameters named in `keys` (comma-separated) with query `q`.
    #[wasm_bindgen(catch, js_name = setParams)]
    pub fn set_params(keys: &str, q: &str) -> Result<(), JsValue>;
    /// A promise of the offline copy as kept: `{files, bytes, dataFiles, dataBytes}`.
    #[wasm_bindgen(catch, js_name = cacheInfo)]
    pub fn cache_info() -> Result<Promise, JsValue>;
    /// Deletes the offline copy (a promise).
    #[wasm_bindgen(catch, js_name = clearCache)]
    pub fn clear_cache() -> Result<Promise, JsValue>;
    /// Every localStorage entry whose key starts with `prefix`, as `{key: value}` (prefix removed).
    #[wasm_bindgen(catch, js_name = storeAll)]
    pub fn store_all(prefix: &str) -> Result<Object, JsValue>;
    #[wasm_bindgen(catch, js_name = storeGet)]
    pub fn store_get(key: &str) -> Result<Option<String>, JsValue>;
    /// Keeps `value` under `key` (null removes it).
    #[wasm_bindgen(catch, js_name = storeSet)]
    pub fn store_set(key: &str, value: Option<String>) -> Result<(), JsValue>;
    /// `<html lang>` and the document's title.
    #[wasm_bindgen(catch, js_name = setDocumentLang)]
    pub fn set_document_lang(html: &str, title: &str) -> Result<(), JsValue>;
    /// The browser's languages, most wanted first ("zh-CN,en").
    #[wasm_bindgen(catch)]
    pub fn languages() -> Result<String, JsValue>;
    /// IndexedDB: keeps `bytes` under `key` (a promise).
    #[wasm_bindgen(catch, js_name = idbPut)]
    pub fn idb_put(key: &str, bytes: &Uint8Array) -> Result<Promise, JsValue>;
    /// IndexedDB: a promise of the bytes under `key`, or null.
    #[wasm_bindgen(catch, js_name = idbGet)]
    pub fn idb_get(key: &str) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_name = idbDelete)]
    pub fn idb_delete(key: &str) -> Result<Promise, JsValue>;
    /// IndexedDB: a promise of the keys that start with `prefix`.
    #[wasm_bindgen(catch, js_name = idbKeys)]
    pub fn idb_keys(prefix: &str) -> Result<Promise, JsValue>;
    /// A promise of `true` once this tab holds the run lock (one run per browser), `false` when
    /// another tab holds it.
    #[wasm_bindgen(catch, js_name = runLock)]
    pub fn run_lock() -> Result<Promise, JsValue>;
    /// Lets another tab train.
    #[wasm_bindgen(catch, js_name = releaseRun)]
    pub fn release_run() -> Result<(), JsValue>;
    /// A promise of whether another tab holds the run lock.
    #[wasm_bindgen(catch, js_name = runElsewhere)]
    pub fn run_elsewhere() -> Result<Promise, JsValue>;
    /// Calls `f` once a newer build of the page is ready.
    #[wasm_bindgen(catch, js_name = onUpdate)]
    pub fn on_update(f: &js_sys::Function) -> Result<(), JsValue>;
    /// Reloads into the newer build.
    #[wasm_bindgen(catch, js_name = applyUpdate)]
    pub fn apply_update() -> Result<(), JsValue>;
}

/// Milliseconds from `performance.now()` (window or worker).
pub fn now_ms() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map_or(0.0, |p| p.now())
}

/// Sets the `value` of the input an event came from (what it shows after a refused change).
pub fn set_value(ev: &web_sys::Event, value: &str) {
    if let Some(target) = ev.target() {
        let _ = js_sys::Reflect::set(&target, &"value".into(), &value.into());
    }
}

/// Resolves after `ms` milliseconds (a macrotask: lets the event loop run).
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let set_timeout =
            js_sys::Reflect::get(&js_sys::global(), &"setTimeout".into()).expect("setTimeout exists").unchecked_into::<js_sys::Function>();
        let _ = set_timeout.call2(&JsValue::NULL, &resolve, &JsValue::from(ms));
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A browser error in its words with its name ("QuotaExceededError: …"): how a refused write
/// is told.
pub fn named_message(e: &JsValue) -> String {
    let name = js_sys::Reflect::get(e, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
    if name.is_empty() { message(e) } else { format!("{name}: {}", message(e)) }
}

/// A JS exception or value as words.
pub fn message(v: &JsValue) -> String {
    if let Some(e) = v.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    v.as_string().unwrap_or_else(|| format!("{v:?}"))
}

/// A panic is a bug, but it must not leave a dead page: log it (with the stack) and show it in
/// `#fatal`.
pub fn set_page_panic_hook() {
    std::panic::set_hook(Box::new(move |info| {
        console_error_panic_hook::hook(info);
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("fatal")) {
            el.set_text_content(Some(&panic_message(info)));
            let _ = el.remove_attribute("hidden");
        }
    }));
}

/// In a worker: log the panic and `report` it to the page (as a fatal error).
pub fn set_panic_hook(report: impl Fn(String) + Send + Sync + 'static) {
    std::panic::set_hook(Box::new(move |info| {
        console_error_panic_hook::hook(info);
        report(panic_message(info));
    }));
}

fn panic_message(info: &std::panic::PanicHookInfo) -> String {
    format!("internal error (a bug in this app, please report it): {info}. Reload the page to start again.")
}

#[cfg(target_family = "wasm")]
unsafe extern "C" {
    fn __wasm_call_ctors();
}

/// Runs the module's static constructors; call once, first thing in the start function. Because
/// an exported function calls it, the linker does not wrap every export with a call to it.
pub fn call_ctors_once() {
    // SAFETY: called once per instance, before anything reads what the constructors register.
    unsafe { __wasm_call_ctors() }
}

/// Logical cores (`navigator.hardwareConcurrency`, in the page or a worker; 1 if unknown).
pub fn cores() -> usize {
    let navigator = js_sys::Reflect::get(&js_sys::global(), &"navigator".into()).unwrap_or(JsValue::UNDEFINED);
    let n = js_sys::Reflect::get(&navigator, &"hardwareConcurrency".into()).ok().and_then(|v| v.as_f64()).unwrap_or(1.0);
    (n as usize).max(1)
}
