//! Downloads with progress (bytes as they arrive), from the page's own origin or another host;
//! and a run log saved as a file.
use crate::base::error::{AppError, Result};
use crate::web::js::{message, sleep};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamDefaultReader, Response};

/// A response's status, the declared length (if any) and the body reader.
async fn open(url: &str) -> Result<(u16, Option<u64>, Option<Response>)> {
    let fail = |reason: String| AppError::Download { url: url.into(), reason };
    let fetch = js_sys::Reflect::get(&js_sys::global(), &"fetch".into()).map_err(|e| fail(message(&e)))?;
    let fetch: js_sys::Function = fetch.unchecked_into();
    let promise = fetch.call1(&js_sys::global(), &url.into()).map_err(|e| fail(message(&e)))?;
    let response: Response = JsFuture::from(js_sys::Promise::from(promise))
        .await
        .map_err(|e| fail(format!("network error ({})", message(&e))))?
        .unchecked_into();
    let length = response.headers().get("content-length").ok().flatten().and_then(|s| s.parse().ok());
    Ok((response.status(), length, Some(response)))
}

/// Why one attempt failed, and whether trying again may help.
struct Failed {
    error: AppError,
    transient: bool,
}

/// Fetches `url` completely (at most `max` bytes: a body declared or found larger is refused
/// before it fills memory), calling `progress(loaded, declared_total)` as bytes arrive.
/// Network failures, 5xx answers and downloads that break off are retried twice with back-off
/// (0.5 s, then 1.5 s); a 4xx answer or one too large is returned at once.
pub async fn fetch_bytes(url: &str, max: usize, mut progress: impl FnMut(u64, Option<u64>)) -> Result<Vec<u8>> {
    let mut attempt = 0;
    loop {
        match fetch_once(url, max as u64, &mut progress).await {
            Ok(bytes) => return Ok(bytes),
            Err(Failed { error, transient }) if !transient || attempt == 2 => return Err(error),
            Err(_) => {
                attempt += 1;
                progress(0, None);
                sleep(500 * 3i32.pow(attempt - 1)).await;
            }
        }
    }
}

async fn fetch_once(url: &str, max: u64, progress: &mut impl FnMut(u64, Option<u64>)) -> std::result::Result<Vec<u8>, Failed> {
    let fail = |reason: String, transient: bool| Failed { error: AppError::Download { url: url.into(), reason }, transient };
    let too_large = || Failed { error: AppError::TooLarge { name: url.into(), max_mb: max >> 20 }, transient: false };
    let (status, length, response) = open(url).await.map_err(|error| Failed { error, transient: true })?;
    if !(200..300).contains(&status) {
        return Err(fail(format!("the server answered HTTP {status}"), status >= 500));
    }
    if length.is_some_and(|n| n > max) {
        return Err(too_large());
    }
    let body = response.and_then(|r| r.body()).ok_or_else(|| fail("the response has no body".into(), false))?;
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut bytes = Vec::with_capacity(length.unwrap_or(0) as usize);
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|e| fail(format!("the download broke off after {} bytes ({})", bytes.len(), message(&e)), true))?;
        let done = js_sys::Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true);
        if done {
            break;
        }
        let value = js_sys::Reflect::get(&chunk, &"value".into()).map_err(|e| fail(message(&e), false))?;
        let chunk = js_sys::Uint8Array::new(&value);
        if bytes.len() as u64 + chunk.length() as u64 > max {
            let _ = reader.cancel();
            return Err(too_large());
        }
        bytes.extend(chunk.to_vec());
        progress(bytes.len() as u64, length);
    }
    match length {
        Some(expected) if (bytes.len() as u64) < expected => {
            Err(fail(format!("the download stopped after {} of {expected} bytes", bytes.len()), true))
        }
        _ => Ok(bytes),
    }
}

/// The Cache Storage the service worker serves the data files from (the same name in
/// static/sw.js).
const DATA_CACHE: &str = "mnist-data-v1";

/// Where a refused offline copy is said (static/start.js listens and the page shows it).
const STORAGE_CHANNEL: &str = "mnist-web-storage";

/// Keeps a downloaded data file in the offline copy (if the browser has one and `url` is of this
/// site), so that the service worker never downloads it a second time. Best effort: a failure
/// only means no offline copy of that file, which the page is told ([`STORAGE_CHANNEL`]).
pub async fn keep_offline(url: &str, bytes: &[u8]) {
    let global = js_sys::global();
    let Ok(caches) = js_sys::Reflect::get(&global, &"caches".into()) else { return };
    if caches.is_undefined() || !same_origin(url) {
        return;
    }
    let call = |target: &wasm_bindgen::JsValue, name: &str, args: &[wasm_bindgen::JsValue]| -> Option<js_sys::Promise> {
        let f: js_sys::Function = js_sys::Reflect::get(target, &name.into()).ok()?.dyn_into().ok()?;
        f.apply(target, &args.iter().collect::<js_sys::Array>()).ok()?.dyn_into().ok()
    };
    let Some(open) = call(&caches, "open", &[DATA_CACHE.into()]) else { return };
    let Ok(cache) = JsFuture::from(open).await else { return };
    let body = js_sys::Uint8Array::from(bytes);
    let Ok(response) = Response::new_with_opt_buffer_source(Some(&body)) else { return };
    if let Some(put) = call(&cache, "put", &[url.into(), response.into()])
        && let Err(e) = JsFuture::from(put).await
    {
        let why = crate::web::js::named_message(&e);
        web_sys::console::warn_1(&format!("no offline copy of {url}: {why}").into());
        let channel = js_sys::Reflect::get(&global, &"BroadcastChannel".into()).ok().and_then(|c| c.dyn_into::<js_sys::Function>().ok());
        if let Some(c) = channel.and_then(|c| js_sys::Reflect::construct(&c, &js_sys::Array::of1(&STORAGE_CHANNEL.into())).ok()) {
            let _ = call(&c, "postMessage", &[why.into()]);
        }
    }
}

/// Whether `url` (relative, or absolute) is of this site.
fn same_origin(url: &str) -> bool {
    let Ok(location) = js_sys::Reflect::get(&js_sys::global(), &"location".into()) else { return false };
    let href = js_sys::Reflect::get(&location, &"href".into()).ok().and_then(|h| h.as_string()).unwrap_or_default();
    let origin = js_sys::Reflect::get(&location, &"origin".into()).ok().and_then(|h| h.as_string()).unwrap_or_default();
    web_sys::Url::new_with_base(url, &href).is_ok_and(|u| u.origin() == origin)
}

/// Saves a run log as `{stem}.json` or `{stem}.csv`.
pub fn save_log(log: &crate::runs::log::RunLog, json: bool, stem: &str) {
    let (body, ext) = if json { (log.json(), "json") } else { (log.csv(), "csv") };
    let _ = crate::web::js::save_file(&js_sys::Uint8Array::from(body.as_bytes()), &format!("{stem}.{ext}"));
}
