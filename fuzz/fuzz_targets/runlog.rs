//! Any bytes as a run log (JSON, CSV, anything else), as the runs panel reads a picked file:
//! read or refused with a short message naming the file, never a panic; what is accepted holds
//! only figures a run can have (test accuracies 0–100, losses finite and not negative, epochs
//! above 0 and in order, at most `MAX_POINTS` losses and results), and its comparison charts
//! have sound ranges and draw without a panic.
#![no_main]
#![allow(dead_code)]
include!("app_sources.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    match import::read("fuzz", &String::from_utf8_lossy(data), 0.0) {
        Ok(r) => {
            assert!(!r.losses.is_empty() && r.losses.len() <= record::MAX_POINTS && r.evals.len() <= record::MAX_POINTS);
            assert!(r.losses.iter().all(|p| p.0.is_finite() && p.1.is_finite() && p.1 >= 0.0));
            assert!(r.evals.iter().all(|e| e.epoch.is_finite() && e.epoch > 0.0 && e.epoch <= r.settings.epochs as f64 + 1e-9));
            assert!(r.evals.iter().all(|e| (0.0..=100.0).contains(&e.accuracy) && e.loss.is_finite() && e.loss >= 0.0));
            assert!(r.evals.windows(2).all(|w| w[0].epoch <= w[1].epoch));
            assert!(r.batches >= r.losses.len() && r.batches_per_epoch >= 1);
            for chart in compare::charts(&[&r, &r]) {
                let (lo, hi) = chart.y;
                assert!(lo.is_finite() && hi.is_finite() && lo < hi && chart.x_max.is_finite(), "{:?}", chart.y);
                for s in &chart.series {
                    let line = plot::polyline(&s.points, chart.x_max, chart.y, 300.0, 150.0);
                    assert!(!line.contains("NaN") && !line.contains("inf"), "{line}");
                }
            }
        }
        // A refusal names the file and says what is wrong in a line, not the whole input back.
        Err(e) => assert!(e.to_string().starts_with("fuzz: ") && e.to_string().chars().count() < 600, "{e}"),
    }
});
