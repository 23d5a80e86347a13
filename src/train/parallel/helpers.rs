//! Helper workers: what a run asks of them (a share of each batch, [`crate::train::parallel::shares`]), and
//! [`InProcess`], the same computed one after another in this process (the native command's
//! `--workers`, and the tests that check a split batch trains as the whole one).
use crate::train::parallel::shares::{ShareJob, ShareResult, compute};
use burn::prelude::*;
use std::future::Future;

/// Workers that compute shares of a batch beside the one that runs the session; none by default.
pub trait Helpers {
    /// Helpers ready to take a share (0: the session's worker trains alone).
    fn helpers(&self) -> usize {
        0
    }

    /// Gives each helper its job (as many jobs as [`Helpers::helpers`]), without waiting.
    fn send_shares(&mut self, _jobs: Vec<ShareJob>) {}

    /// The answers, in the order of the jobs: `None` for a helper that failed or did not answer
    /// in time (the session computes that share itself, and the helper is no longer counted).
    fn collect_shares(&mut self) -> impl Future<Output = Vec<Option<ShareResult>>> {
        async { Vec::new() }
    }
}

/// No helpers.
pub struct Alone;

impl Helpers for Alone {}

/// `count` helpers computed in turn on `device` when collected (one whose share fails is gone
/// from then on, as a helper worker that died).
pub struct InProcess {
    pub count: usize,
    pub device: Device,
    jobs: Vec<ShareJob>,
}

impl InProcess {
    pub fn new(count: usize, device: Device) -> Self {
        Self { count, device, jobs: Vec::new() }
    }
}

impl Helpers for InProcess {
    fn helpers(&self) -> usize {
        self.count
    }

    fn send_shares(&mut self, jobs: Vec<ShareJob>) {
        self.jobs = jobs;
    }

    async fn collect_shares(&mut self) -> Vec<Option<ShareResult>> {
        let mut answers = Vec::new();
        for job in std::mem::take(&mut self.jobs) {
            answers.push(compute(&job, &self.device).await.ok());
        }
        // A helper that failed is gone: the later steps split the batch between fewer.
        self.count -= answers.iter().filter(|a| a.is_none()).count();
        answers
    }
}
