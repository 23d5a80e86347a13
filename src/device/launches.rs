//! Counts GPU kernel launches by kernel name (cubecl's launch observer), natively and in the
//! browser: where a training step's dispatches come from. Only with the feature `launches` (the
//! benchmarks' and the dispatch test's); without it nothing is counted and a benchmark reports no
//! kernels (the page's WebGPU counts come from static/gpu-watch.js either way).
use std::collections::BTreeMap;

#[cfg(feature = "launches")]
mod observer {
    use cubecl_runtime::logging::{LaunchObservation, LaunchObserver};
    use std::collections::BTreeMap;
    use std::sync::{Arc, Mutex};

    #[derive(Default)]
    struct Tally(Mutex<BTreeMap<&'static str, u64>>);

    impl LaunchObserver for Tally {
        fn launched(&self, kernel: &'static str) {
            if let Ok(mut t) = self.0.lock() {
                *t.entry(kernel).or_default() += 1;
            }
        }
    }

    /// Counts every kernel launched while it lives.
    pub struct Launches {
        tally: Arc<Tally>,
        _observation: LaunchObservation,
    }

    impl Launches {
        pub fn start() -> Self {
            let tally = Arc::new(Tally::default());
            Self { tally: tally.clone(), _observation: LaunchObservation::new(tally) }
        }

        /// Launches so far, by kernel name.
        pub fn snapshot(&self) -> BTreeMap<&'static str, u64> {
            self.tally.0.lock().map(|t| t.clone()).unwrap_or_default()
        }

        /// Stops counting.
        pub fn stop(self) {}
    }
}

#[cfg(not(feature = "launches"))]
mod observer {
    use std::collections::BTreeMap;

    /// Without the feature `launches`: counts nothing.
    pub struct Launches;

    impl Launches {
        pub fn start() -> Self {
            Self
        }

        /// Nothing is counted.
        pub fn snapshot(&self) -> BTreeMap<&'static str, u64> {
            BTreeMap::new()
        }

        /// Nothing to stop.
        pub fn stop(self) {}
    }
}

pub use observer::Launches;

/// Launches per step between two snapshots, by short kernel name, most frequent first.
pub fn per_step(before: &BTreeMap<&'static str, u64>, after: &BTreeMap<&'static str, u64>, steps: usize) -> Vec<(String, f64)> {
    let mut by_name: BTreeMap<String, u64> = BTreeMap::new();
    for (name, n) in after {
        let d = n - before.get(name).copied().unwrap_or(0);
        if d > 0 {
            *by_name.entry(short(name)).or_default() += d;
        }
    }
    let mut out: Vec<(String, f64)> = by_name.into_iter().map(|(k, n)| (k, n as f64 / steps.max(1) as f64)).collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// `burn_cubecl::kernel::unary::unary_kernel<f32, Relu>` -> `unary_kernel<f32, Relu>`: the
/// last path segment of the kernel, generic arguments shortened the same way.
pub fn short(name: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    for ch in name.chars() {
        if ch.is_alphanumeric() || ch == '_' || ch == ':' {
            word.push(ch);
        } else {
            out.push_str(word.rsplit("::").next().unwrap_or(""));
            word.clear();
            out.push(ch);
        }
    }
    out.push_str(word.rsplit("::").next().unwrap_or(""));
    out
}
