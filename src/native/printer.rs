//! What the native command prints while a run trains (the session's host): losses every 100
//! batches, each epoch's test result with images/s, and the checkpoints it keeps on disk.
use crate::train::checkpoint::Checkpoint;
use crate::train::event::Event;
use crate::train::parallel::helpers::{Helpers, InProcess};
use crate::train::parallel::shares::{ShareJob, ShareResult};
use crate::train::session::{Control, Host};
use std::path::PathBuf;
use std::time::Instant;

pub struct Printer {
    start: Instant,
    /// Every batch's loss so far (a continued run's earlier ones too).
    pub losses: Vec<f32>,
    /// When the current epoch started and when its last losses were reported (s since start).
    epoch_start: f64,
    last_losses: f64,
    /// Images per epoch (for images/s).
    images_per_epoch: usize,
    /// Where checkpoints go (`--checkpoint`).
    checkpoint_file: Option<PathBuf>,
    /// `--workers N`: each batch split in N shares, computed in turn (the same training).
    pub helpers: Option<InProcess>,
}

impl Printer {
    /// A run's printer; `losses`: the losses of the run so far (a continued run's).
    pub fn new(losses: Vec<f32>, images_per_epoch: usize, checkpoint_file: Option<PathBuf>) -> Self {
        Self { start: Instant::now(), losses, epoch_start: 0.0, last_losses: 0.0, images_per_epoch, checkpoint_file, helpers: None }
    }
}

impl Helpers for Printer {
    fn helpers(&self) -> usize {
        self.helpers.as_ref().map_or(0, Helpers::helpers)
    }

    fn send_shares(&mut self, jobs: Vec<ShareJob>) {
        if let Some(h) = &mut self.helpers {
            h.send_shares(jobs);
        }
    }

    async fn collect_shares(&mut self) -> Vec<Option<ShareResult>> {
        match &mut self.helpers {
            Some(h) => h.collect_shares().await,
            None => Vec::new(),
        }
    }
}

impl Host for Printer {
    async fn between_batches(&mut self) -> Control {
        Control::Continue { paused_ms: 0.0 }
    }

    fn report(&mut self, event: Event) {
        match event {
            Event::Losses { losses, progress: p, .. } => {
                self.last_losses = self.start.elapsed().as_secs_f64();
                self.losses.extend(&losses);
                let n = self.losses.len();
                if n % 100 < losses.len() || n <= 5 {
                    println!(
                        "epoch {}/{} batch {}/{}  loss {:.4}  {:.0} img/s  eta {:.0}s",
                        p.epoch,
                        p.epochs,
                        p.batch,
                        p.batches_per_epoch,
                        losses.last().unwrap_or(&f32::NAN),
                        p.images_per_sec,
                        p.eta_s
                    );
                }
            }
            Event::Eval { epoch, result: r, .. } => {
                let now = self.start.elapsed().as_secs_f64();
                let train_s = self.last_losses - self.epoch_start;
                // The same line as bench/device/torch_tutorial.py prints, for bench/device/run.sh.
                println!(
                    "EPOCH {}: {train_s:.2} s training ({:.0} images/s), {:.2} s with test; accuracy {:.2}%",
                    crate::i18n::format::epochs(epoch),
                    self.images_per_epoch as f64 / train_s.max(1e-9),
                    now - self.epoch_start,
                    r.accuracy
                );
                self.epoch_start = now;
                println!(
                    "EVAL epoch {epoch:.2}: test accuracy {:.2}% ({}/{}), test loss {:.4}  [{:.0}s]",
                    r.accuracy,
                    r.correct,
                    r.total,
                    r.loss,
                    self.start.elapsed().as_secs_f64()
                );
                if let Some(mb) = rss_mb() {
                    println!("      memory: {mb:.0} MB resident");
                }
                let per: Vec<String> = r.per_class().iter().enumerate().map(|(d, a)| format!("{d}:{:.1}", a.unwrap_or(f64::NAN))).collect();
                println!("      per class (%): {}", per.join(" "));
            }
            Event::Done { stopped } => println!("done (stopped: {stopped}) in {:.1}s", self.start.elapsed().as_secs_f64()),
        }
    }

    fn checkpoint(&mut self, checkpoint: Checkpoint) {
        let Some(path) = &self.checkpoint_file else { return };
        // Written beside and renamed: an interrupted write never leaves half a checkpoint.
        let part = path.with_extension("part");
        let written = std::fs::write(&part, checkpoint.encode()).and_then(|()| std::fs::rename(&part, path));
        match written {
            Ok(()) => println!("checkpoint: {} after {} batches", path.display(), checkpoint.position.done),
            Err(e) => eprintln!("could not write the checkpoint {}: {e}", path.display()),
        }
    }

    fn now_ms(&self) -> f64 {
        self.start.elapsed().as_secs_f64() * 1000.0
    }

    fn memory_mb(&self) -> f64 {
        rss_mb().unwrap_or(0.0)
    }
}

/// Resident memory of this process in MB (Linux), to show that a long run does not grow.
pub fn rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
