//! Where runs are kept: IndexedDB keys `run/<id>` (the record, JSON), `run-losses/<id>` (every
//! batch loss, f32, for the downloaded log), `run-weights/<id>` (a safetensors file, when kept)
//! and `experiment` (the queue of an experiment in progress).
use crate::runs::experiment::Experiment;
use crate::runs::record::RunRecord;
use crate::web::js;
use wasm_bindgen_futures::JsFuture;

const RUN: &str = "run/";
const LOSSES: &str = "run-losses/";
const WEIGHTS: &str = "run-weights/";
const EXPERIMENT: &str = "experiment";

async fn get(key: &str) -> Option<Vec<u8>> {
    let v = JsFuture::from(js::idb_get(key).ok()?).await.ok().filter(|v| !v.is_null())?;
    Some(js_sys::Uint8Array::new(&v).to_vec())
}

/// Stores `bytes` under `key`; the browser's refusal in its words ("QuotaExceededError: …").
async fn put(key: &str, bytes: &[u8]) -> Result<(), String> {
    let promise = js::idb_put(key, &js_sys::Uint8Array::from(bytes)).map_err(|e| js::message(&e))?;
    JsFuture::from(promise).await.map(drop).map_err(|e| js::named_message(&e))
}

async fn delete(key: &str) {
    if let Ok(p) = js::idb_delete(key) {
        let _ = JsFuture::from(p).await;
    }
}

/// Every kept run, oldest first (records that cannot be read are skipped).
pub async fn load_runs() -> Vec<RunRecord> {
    let Some(keys) = js::idb_keys(RUN).ok() else { return Vec::new() };
    let keys = JsFuture::from(keys).await.map(|k| js_sys::Array::from(&k).iter().filter_map(|k| k.as_string()).collect::<Vec<_>>());
    let mut runs = Vec::new();
    for key in keys.unwrap_or_default() {
        if let Some(r) = get(&key).await.and_then(|b| serde_json::from_slice::<RunRecord>(&b).ok()) {
            runs.push(r);
        }
    }
    runs.sort_by(|a, b| a.started_ms.total_cmp(&b.started_ms));
    runs
}

pub async fn save_run(r: &RunRecord) -> Result<(), String> {
    put(&format!("{RUN}{}", r.id), &serde_json::to_vec(r).expect("serialises")).await
}

pub async fn delete_run(id: &str) {
    for prefix in [RUN, LOSSES, WEIGHTS] {
        delete(&format!("{prefix}{id}")).await;
    }
}

pub async fn save_losses(id: &str, losses: &[f32]) -> Result<(), String> {
    put(&format!("{LOSSES}{id}"), &losses.iter().flat_map(|l| l.to_le_bytes()).collect::<Vec<_>>()).await
}

pub async fn load_losses(id: &str) -> Option<Vec<f32>> {
    Some(get(&format!("{LOSSES}{id}")).await?.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
}

pub async fn save_weights(id: &str, weights: &[u8]) -> Result<(), String> {
    put(&format!("{WEIGHTS}{id}"), weights).await
}

pub async fn load_weights(id: &str) -> Option<Vec<u8>> {
    get(&format!("{WEIGHTS}{id}")).await
}

pub async fn drop_weights(id: &str) {
    delete(&format!("{WEIGHTS}{id}")).await;
}

pub async fn load_experiment() -> Option<Experiment> {
    serde_json::from_slice(&get(EXPERIMENT).await?).ok()
}

/// Keeps the experiment in progress (`None`: forgets it).
pub async fn save_experiment(e: Option<&Experiment>) {
    match e {
        Some(e) => {
            let _ = put(EXPERIMENT, &serde_json::to_vec(e).expect("serialises")).await;
        }
        None => delete(EXPERIMENT).await,
    }
}
