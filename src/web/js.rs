//! Small browser helpers shared by the page and the worker.
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Calls `window.mnistHelpers[name](...args)` (static/helpers.js).
pub fn helper(name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let h = js_sys::Reflect::get(&js_sys::global(), &"mnistHelpers".into())?;
    let f: js_sys::Function = js_sys::Reflect::get(&h, &name.into())?.dyn_into()?;
    f.apply(&h, &args.iter().collect::<js_sys::Array>())
}

/// Milliseconds from `performance.now()` (window or worker).
pub fn now_ms() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map_or(0.0, |p| p.now())
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

/// A JS exception or value as words.
pub fn describe(v: &JsValue) -> String {
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
