//! The four MNIST files, downloaded by the training worker from the page's own site (or `data=`):
//! all at once with progress, decompressed and validated, then kept for the offline copy.
use crate::base::error::{AppError, Result};
use crate::data::dataset::{self, Dataset};
use crate::data::idx::{MAX_DECOMPRESSED, maybe_gunzip};
use crate::protocol::training::FromTrainer;
use crate::web::channel::post;
use crate::web::download::{fetch_bytes, keep_offline};
use crate::web::js::now_ms;
use std::cell::RefCell;
use std::rc::Rc;

/// Downloads the four files at once (`.gz` first, the raw name if that fails).
pub async fn load_data(base: &str) -> Result<(Dataset, Dataset)> {
    let names = [dataset::TRAIN_IMAGES, dataset::TRAIN_LABELS, dataset::TEST_IMAGES, dataset::TEST_LABELS];
    let sizes = Rc::new(RefCell::new([(0u64, 0u64); 4]));
    let expected = [9_719_438, 28_857, 1_616_508, 4_517];
    let mut last_post = 0.0;
    let report = Rc::new(RefCell::new(move |sizes: &[(u64, u64); 4]| {
        let now = now_ms();
        let loaded: u64 = sizes.iter().map(|s| s.0).sum();
        let total: u64 = sizes.iter().zip(expected).map(|(s, e)| if s.1 > 0 { s.1 } else { e }).sum();
        if now - last_post > 50.0 || loaded == total {
            last_post = now;
            post(&FromTrainer::DataProgress { loaded, total });
        }
    }));
    let fetch_one = |i: usize| {
        let (sizes, report) = (sizes.clone(), report.clone());
        let name = names[i];
        async move {
            let mut on_progress = |loaded: u64, total: Option<u64>| {
                sizes.borrow_mut()[i] = (loaded, total.unwrap_or(0));
                (report.borrow_mut())(&sizes.borrow());
            };
            // `.gz` first; any failure (a 404, or a host whose 404 lacks CORS headers) tries the raw name.
            let gz = format!("{base}{name}.gz");
            let (url, bytes) = match fetch_bytes(&gz, MAX_DECOMPRESSED, &mut on_progress).await {
                Ok(bytes) => (gz, bytes),
                Err(gz_error) => {
                    let raw = format!("{base}{name}");
                    let bytes = fetch_bytes(&raw, MAX_DECOMPRESSED, &mut on_progress).await.map_err(|raw_error| {
                        if matches!(&raw_error, AppError::Download { reason, .. } if reason.contains("HTTP 404")) {
                            gz_error
                        } else {
                            raw_error
                        }
                    })?;
                    (raw, bytes)
                }
            };
            Ok::<_, AppError>((url, bytes.clone(), maybe_gunzip(name, bytes)?))
        }
    };
    use futures_lite::future::zip;
    let ((a, b), (c, d)) = zip(zip(fetch_one(0), fetch_one(1)), zip(fetch_one(2), fetch_one(3))).await;
    let (a, b, c, d) = (a?, b?, c?, d?);
    let train = Dataset::from_idx((names[0], &a.2), (names[1], &b.2))?;
    let test = Dataset::from_idx((names[2], &c.2), (names[3], &d.2))?;
    // Valid data: kept for the offline copy as downloaded (the service worker never fetches it).
    for (url, bytes, _) in [a, b, c, d] {
        keep_offline(&url, &bytes).await;
    }
    Ok((train, test))
}
