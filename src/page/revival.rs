//! When a worker that died is started again: at once, unless it has died [`MAX_REVIVALS`] times
//! within [`WINDOW_MS`] (then something kills it as soon as it starts, and the page says so
//! instead of starting it in a loop).

/// Deaths within [`WINDOW_MS`] after which a worker is not started again.
pub const MAX_REVIVALS: usize = 3;
/// The window over which deaths count (ms).
pub const WINDOW_MS: f64 = 60_000.0;

/// The times (ms) a worker was started again.
#[derive(Debug, Default)]
pub struct Revivals {
    times: Vec<f64>,
}

impl Revivals {
    /// The worker died at `now`: whether to start it again (and count that).
    pub fn allow(&mut self, now: f64) -> bool {
        self.times.retain(|t| now - t < WINDOW_MS);
        if self.times.len() >= MAX_REVIVALS {
            return false;
        }
        self.times.push(now);
        true
    }
}
