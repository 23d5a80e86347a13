//! What the page writes about where things stand, from its state (plain functions, tested
//! natively).
use crate::format::{duration, group};
use crate::state::{PageState, Phase};

/// The status line (`data-testid="data-status"`).
pub fn status_text(s: &PageState) -> String {
    use Phase::*;
    match s.phase {
        Loading => {
            let data =
                if s.data.is_some() { "MNIST downloaded".to_string() } else { format!("Downloading MNIST… {:.0}%", s.data_percent()) };
            if s.device.is_none() {
                format!("{data} · setting up the device (a few test steps on WebGPU and the CPU, if it has both)…")
            } else {
                data
            }
        }
        Ready => match s.data {
            Some((train, test)) => format!("Ready: {} training and {} test images", group(train), group(test)),
            None => "Ready".into(),
        },
        Error => match s.errors.last() {
            Some(e) => format!("Could not get ready: {e}"),
            None => "Something went wrong".into(),
        },
    }
}

/// Where a run stands (`data-testid="progress"`).
pub fn progress_text(s: &PageState) -> String {
    let p = &s.progress;
    if p.epochs == 0 {
        return if s.can_start() { "Not started".to_string() } else { String::new() };
    }
    let memory = if p.memory_mb > 0.0 { format!(" · {:.0} MB wasm memory", p.memory_mb) } else { String::new() };
    let head =
        format!("Epoch {}/{} · batch {}/{} · {:.0} images/s{memory}", p.epoch, p.epochs, p.batch, p.batches_per_epoch, p.images_per_sec);
    if s.done {
        format!("{head} · finished")
    } else if s.paused {
        format!("{head} · paused")
    } else {
        format!("{head} · {} left", duration(p.eta_s))
    }
}
