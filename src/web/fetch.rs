//! Downloads with progress (bytes as they arrive), from the page's own origin or another host.
use super::js::{describe, sleep};
use crate::error::{AppError, Result};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamDefaultReader, Response};

/// A response's status, the declared length (if any) and the body reader.
async fn open(url: &str) -> Result<(u16, Option<u64>, Option<Response>)> {
    let fail = |reason: String| AppError::Download { url: url.into(), reason };
    let fetch = js_sys::Reflect::get(&js_sys::global(), &"fetch".into()).map_err(|e| fail(describe(&e)))?;
    let fetch: js_sys::Function = fetch.unchecked_into();
    let promise = fetch.call1(&js_sys::global(), &url.into()).map_err(|e| fail(describe(&e)))?;
    let response: Response = JsFuture::from(js_sys::Promise::from(promise))
        .await
        .map_err(|e| fail(format!("network error ({})", describe(&e))))?
        .unchecked_into();
    let length = response.headers().get("content-length").ok().flatten().and_then(|s| s.parse().ok());
    Ok((response.status(), length, Some(response)))
}

/// Fetches `url` completely, calling `progress(loaded, declared_total)` as bytes arrive.
/// Network failures and 5xx answers are retried twice with back-off; a 404 is returned at once.
pub async fn fetch_bytes(url: &str, mut progress: impl FnMut(u64, Option<u64>)) -> Result<Vec<u8>> {
    let fail = |reason: String| AppError::Download { url: url.into(), reason };
    let mut attempt = 0;
    let (status, length, response) = loop {
        let result = open(url).await;
        let retry = match &result {
            Err(_) => true,
            Ok((status, ..)) => *status >= 500,
        };
        if !retry || attempt == 2 {
            break result?;
        }
        attempt += 1;
        sleep(500 * 3i32.pow(attempt - 1)).await;
    };
    if !(200..300).contains(&status) {
        return Err(fail(format!("the server answered HTTP {status}")));
    }
    let body = response.and_then(|r| r.body()).ok_or_else(|| fail("the response has no body".into()))?;
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut bytes = Vec::with_capacity(length.unwrap_or(0) as usize);
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|e| fail(format!("the download broke off ({})", describe(&e))))?;
        let done = js_sys::Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true);
        if done {
            break;
        }
        let value = js_sys::Reflect::get(&chunk, &"value".into()).map_err(|e| fail(describe(&e)))?;
        bytes.extend(js_sys::Uint8Array::new(&value).to_vec());
        progress(bytes.len() as u64, length);
    }
    if let Some(expected) = length {
        if (bytes.len() as u64) < expected {
            return Err(fail(format!("the download stopped after {} of {expected} bytes", bytes.len())));
        }
    }
    Ok(bytes)
}
