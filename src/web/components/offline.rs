//! The offline copy kept by the service worker (static/sw.js): its size, and a button to clear it.
use crate::i18n::{K, Lang};
use crate::web::components::lang::text;
use crate::web::js;
use leptos::prelude::*;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_futures::JsFuture;

/// What the offline copy holds: all files and bytes, and of them the data's.
#[derive(Clone, Debug, Default, PartialEq)]
struct Kept {
    files: u32,
    bytes: f64,
    data_files: u32,
    data_bytes: f64,
    /// Why the browser refused to store the copy (storage full or not allowed).
    refused: Option<String>,
}

async fn info() -> Option<Kept> {
    let v = JsFuture::from(js::cache_info().ok()?).await.ok()?;
    let get = |k: &str| js_sys::Reflect::get(&v, &k.into()).ok().and_then(|x| x.as_f64()).unwrap_or(0.0);
    let refused = js_sys::Reflect::get(&v, &"refused".into()).ok().and_then(|r| r.as_string());
    Some(Kept {
        files: get("files") as u32,
        bytes: get("bytes"),
        data_files: get("dataFiles") as u32,
        data_bytes: get("dataBytes"),
        refused,
    })
}

/// What the page says about the offline copy.
fn status_text(kept: Option<Kept>, lang: Lang) -> String {
    match kept {
        Some(Kept { refused: Some(why), .. }) => lang.fill(K::OfflineRefused, &[("why", &why)]),
        Some(Kept { files: 0, .. }) | None => lang.text(K::NoOfflineCopy).into(),
        Some(k) => {
            let (app_mb, data_mb) = (format!("{:.1}", (k.bytes - k.data_bytes) / 1e6), format!("{:.1}", k.data_bytes / 1e6));
            let app = lang.fill(K::OfflineApp, &[("files", &(k.files - k.data_files)), ("mb", &app_mb)]);
            let data = match k.data_files {
                4 => lang.fill(K::OfflineData, &[("mb", &data_mb)]),
                n => lang.fill(K::OfflineSomeData, &[("n", &n)]),
            };
            let works = if k.data_files == 4 { lang.text(K::WorksOffline) } else { "" };
            lang.fill(K::OfflineCopy, &[("app", &app), ("data", &data), ("works", &works)])
        }
    }
}

/// "A new version is ready — Reload", once a newer build waits (static/start.js): shown while a
/// run trains or after the first seconds on the page (earlier, the page reloads into it itself).
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let page = expect_context::<crate::web::components::context::PageContext>();
    let lang = crate::web::components::lang::lang();
    let ready = RwSignal::new(false);
    let on_ready = Closure::<dyn FnMut()>::new(move || ready.set(true));
    let _ = js::on_update(wasm_bindgen::JsCast::unchecked_ref(on_ready.as_ref()));
    on_ready.forget();
    view! {
        <Show when=move || ready.get()>
            <div class="update" role="status" data-testid="update-ready">
                {text(K::UpdateReady)}
                {move || if page.running() { lang.get().text(K::UpdateRunNote) } else { "" }}
                " "
                <button data-testid="update-reload" on:click=move |_| { let _ = js::apply_update(); }>{text(K::UpdateReload)}</button>
            </div>
        </Show>
    }
}

#[component]
pub fn OfflineCopy() -> impl IntoView {
    let lang = crate::web::components::lang::lang();
    let status = RwSignal::new(None::<Kept>);
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
            if let Ok(p) = js::clear_cache() {
                let _ = JsFuture::from(p).await;
            }
            status.set(info().await);
        })
    };
    view! {
        <div class="small offline">
            <span data-testid="cache-status" data-files=move || status.with(|s| s.as_ref().map_or(0, |s| s.files)) data-data-files=move || status.with(|s| s.as_ref().map_or(0, |s| s.data_files))>
                {move || status_text(status.get(), lang.get())}
            </span>
            " "
            <button class="link" data-testid="clear-cache" on:click=clear disabled=move || status.with(|s| s.as_ref().is_none_or(|s| s.files == 0))>{text(K::ClearOffline)}</button>
        </div>
    }
}
