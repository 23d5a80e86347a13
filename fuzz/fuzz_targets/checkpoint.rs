//! Any bytes as a training checkpoint (the page keeps one in IndexedDB, `train --resume` reads
//! one from disk): read or refused with a message naming the file, never a panic; what is
//! accepted is one a run can continue — its counters agree (one optimizer step and one loss per
//! batch done), every weight, moment and loss is finite, its evaluations are possible and in
//! order — and it writes back to a file that reads the same.
#![no_main]
#![allow(dead_code)]
include!("app_sources.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    match checkpoint::Checkpoint::decode("fuzz", data) {
        Ok(c) => {
            let n = c.config.net.param_count();
            assert!(c.weights.len() == n && c.m.len() == n && c.v.len() == n);
            assert!(c.weights.iter().chain(&c.m).chain(&c.v).all(|x| x.is_finite()));
            assert!(c.steps == c.position.done && c.history.losses.len() == c.position.done);
            assert!(c.history.losses.iter().all(|l| l.is_finite() && *l >= 0.0));
            assert!(c.history.evals.iter().all(|(e, r)| e.is_finite() && *e > 0.0 && (0.0..=100.0).contains(&r.accuracy)));
            assert_eq!(checkpoint::Checkpoint::decode("again", &c.encode()).unwrap(), c);
        }
        Err(e) => assert!(e.to_string().starts_with("fuzz: "), "{e}"),
    }
});
