//! Reading the canvas while the user draws: at most one image in flight to the prediction
//! worker; strokes drawn meanwhile are coalesced into one more request when the answer comes;
//! the latency from a stroke to its answer is recorded.
use crate::base::stats::quantile;

/// The state of the canvas's readings.
#[derive(Debug, Default)]
pub struct PendingReads {
    in_flight: Option<u64>,
    /// The drawing changed since the request in flight was sent.
    dirty: bool,
    last_id: u64,
    /// When the first change not yet answered was made.
    since: Option<f64>,
    latencies: Vec<f64>,
}

/// What the page does with an answer.
#[derive(Debug, PartialEq)]
pub struct Answer {
    /// The answer to the latest request: show it (if the drawing changed meanwhile, it is the
    /// freshest answer there is until the next one).
    pub show: bool,
    /// The drawing changed meanwhile: read it again now.
    pub again: bool,
}

impl PendingReads {
    /// The drawing changed at `now`: `Some(id)` to read it now, `None` while a reading is in
    /// flight (it is read again when the answer comes).
    pub fn changed(&mut self, now: f64) -> Option<u64> {
        self.since.get_or_insert(now);
        if self.in_flight.is_some() {
            self.dirty = true;
            return None;
        }
        Some(self.send())
    }

    /// The request id of a reading sent now.
    pub fn send(&mut self) -> u64 {
        self.last_id += 1;
        self.in_flight = Some(self.last_id);
        self.dirty = false;
        self.last_id
    }

    /// The drawing is blank: nothing to read, nothing pending (an answer still on its way is
    /// ignored).
    pub fn cleared(&mut self) {
        self.since = None;
        self.dirty = false;
        self.in_flight = None;
    }

    /// The answer to request `id` arrived at `now`.
    pub fn answered(&mut self, id: u64, now: f64) -> Answer {
        let latest = self.in_flight == Some(id);
        if latest {
            self.in_flight = None;
        }
        if let Some(t) = self.since.take_if(|_| latest && !self.dirty) {
            self.latencies.push(now - t);
        }
        Answer { show: latest, again: latest && self.dirty }
    }

    /// A reading is in flight, or the drawing changed since the last one.
    pub fn busy(&self) -> bool {
        self.in_flight.is_some() || self.dirty
    }

    /// Median and 95th percentile of the latencies (ms), and how many there were.
    pub fn latency(&self) -> (f64, f64, usize) {
        (quantile(&self.latencies, 0.5), quantile(&self.latencies, 0.95), self.latencies.len())
    }
}
