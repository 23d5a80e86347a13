//! The offline copy kept by the service worker (static/sw.js): its size, and a button to clear it.
use super::js::helper;
use leptos::prelude::*;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_futures::JsFuture;

async fn info() -> Option<(u32, f64)> {
    let v = JsFuture::from(js_sys::Promise::from(helper("cacheInfo", &[]).ok()?)).await.ok()?;
    let get = |k: &str| js_sys::Reflect::get(&v, &k.into()).ok().and_then(|x| x.as_f64()).unwrap_or(0.0);
    Some((get("files") as u32, get("bytes")))
}

#[component]
pub fn OfflineCopy() -> impl IntoView {
    let status = RwSignal::new(None::<(u32, f64)>);
    let refresh = move || wasm_bindgen_futures::spawn_local(async move { status.set(info().await) });
    // The service worker fills the cache in the background after the first load.
    refresh();
    let timer = StoredValue::new(0u32);
    let tick = Closure::<dyn FnMut()>::new(move || {
        timer.update_value(|t| *t += 1);
        if timer.get_value() <= 40 {
            refresh(); // for two minutes after loading, while the copy fills
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_interval_with_callback_and_timeout_and_arguments_0(wasm_bindgen::JsCast::unchecked_ref(tick.as_ref()), 3000);
    }
    tick.forget();
    let clear = move |_| {
        wasm_bindgen_futures::spawn_local(async move {
            if let Ok(p) = helper("clearCache", &[]) {
                let _ = JsFuture::from(js_sys::Promise::from(p)).await;
            }
            status.set(info().await);
        })
    };
    view! {
        <div class="small offline">
            <span data-testid="cache-status" data-files=move || status.get().map_or(0, |s| s.0)>
                {move || match status.get() {
                    Some((0, _)) | None => "No offline copy yet.".to_string(),
                    Some((n, b)) => format!("Offline copy: {n} files, {:.1} MB — the app and the data work without a network.", b / 1e6),
                }}
            </span>
            " "
            <button class="link" data-testid="clear-cache" on:click=clear disabled=move || status.get().is_none_or(|s| s.0 == 0)>"Clear offline copy"</button>
        </div>
    }
}
