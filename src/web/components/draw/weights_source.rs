//! Where the canvas's models come from: the shipped weights (weights/pretrained.safetensors), the last
//! model trained in this browser (IndexedDB), and files the user picks.
use crate::base::envelope::Bytes;
use crate::base::error::AppError;
use crate::protocol::prediction::ModelSource;
use crate::web::js;
use wasm_bindgen_futures::JsFuture;

/// The shipped weights (their accuracy and recipe are in the file's metadata).
pub const PRETRAINED: &str = "weights/pretrained.safetensors";

/// The IndexedDB key of the last model trained in this browser.
pub const TRAINED: &str = "trained";

/// Fetches the shipped weights and their description, and the last model trained in this
/// browser; `found(source, weights, use_it)` gets each, `use_it` for the newest.
pub fn load_startup_models(found: impl Fn(ModelSource, Bytes, bool) + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        let stored = match js::idb_get(TRAINED) {
            Ok(p) => JsFuture::from(p).await.ok().filter(|v| !v.is_null()),
            Err(_) => None,
        };
        match crate::web::download::fetch_bytes(PRETRAINED, crate::weights::file::MAX_BYTES, |_, _| {}).await {
            Ok(bytes) => found(ModelSource::Pretrained, bytes.into(), stored.is_none()),
            Err(e) => web_sys::console::error_1(&e.to_string().into()),
        }
        if let Some(v) = stored {
            found(ModelSource::Trained, js_sys::Uint8Array::new(&v).to_vec().into(), true);
        }
    });
}

/// The file of an `<input type=file>` or a drop event: its name and bytes (`None`: no file).
/// The file is taken at once (the input may be cleared right after); its bytes arrive later.
/// One larger than `max` bytes is refused by its size, before a byte is copied.
pub fn read_file(
    source: wasm_bindgen::JsValue,
    max: usize,
) -> impl std::future::Future<Output = Result<Option<(String, Bytes)>, AppError>> {
    let unread = |e: wasm_bindgen::JsValue| AppError::Io(format!("could not read the file: {}", crate::web::js::message(&e)));
    let promise = js::read_file(&source, max as f64).map_err(unread);
    async move {
        let v = JsFuture::from(promise?).await.map_err(unread)?;
        if v.is_null() {
            return Ok(None);
        }
        let get = |k: &str| js_sys::Reflect::get(&v, &k.into()).unwrap_or_default();
        let name = get("name").as_string().unwrap_or_default();
        if get("bytes").is_undefined() {
            return Err(AppError::TooLarge { name, max_mb: (max >> 20) as u64 });
        }
        Ok(Some((name, js_sys::Uint8Array::new(&get("bytes")).to_vec().into())))
    }
}
