//! The training worker's helpers ([`Helpers`]): nested workers that each compute a share of
//! every batch when the CPU trains. A helper that fails, crashes or does not answer in time is
//! let go; its share is computed by the training worker, and the run goes on with fewer.
use crate::protocol::Role;
use crate::protocol::helper::{FromHelper, HelperLoss, ToHelper};
use crate::train::parallel::helpers::Helpers;
use crate::train::parallel::shares::{ShareJob, ShareResult};
use crate::web::channel::WorkerHandle;
use crate::web::js::{now_ms, sleep};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll, Waker};

/// The longest wait for a new helper to start (download, compile and instantiate the wasm).
const START_MS: f64 = 30_000.0;
/// A share is late after this long beyond three times the training worker's own share.
const GRACE_MS: f64 = 3_000.0;

/// A helper and what it has said.
struct Helper {
    id: u64,
    handle: WorkerHandle<ToHelper>,
    ready: bool,
    /// Why it was let go.
    gone: Option<HelperLoss>,
    /// The step it is working on, and its answer once there.
    job: Option<usize>,
    answer: Option<ShareResult>,
}

#[derive(Default)]
struct Pool {
    helpers: Vec<Helper>,
    next_id: u64,
    waker: Option<Waker>,
    sent_at: f64,
    /// Why the helpers let go since the last look ([`HelperPool::take_lost`]).
    lost: Vec<HelperLoss>,
}

/// A handle on the pool (cheap to clone; the training worker and its run share it).
#[derive(Clone, Default)]
pub struct HelperPool(Rc<RefCell<Pool>>);

impl HelperPool {
    /// Makes `n` helpers ready: starts the missing ones (waiting for them to say so, at most
    /// [`START_MS`]) and lets extra ones go. Returns how many are ready.
    pub async fn ensure(&self, n: usize) -> usize {
        {
            let mut pool = self.0.borrow_mut();
            pool.helpers.retain(|h| h.gone.is_none());
            pool.helpers.truncate(n);
        }
        while self.0.borrow().helpers.len() < n {
            if let Err(why) = self.spawn() {
                self.0.borrow_mut().lost.push(HelperLoss::Failed(why));
                break;
            }
        }
        let start = now_ms();
        while self.0.borrow().helpers.iter().any(|h| !h.ready && h.gone.is_none()) && now_ms() - start < START_MS {
            sleep(20).await;
        }
        let mut pool = self.0.borrow_mut();
        for h in pool.helpers.iter_mut().filter(|h| !h.ready && h.gone.is_none()) {
            h.gone = Some(HelperLoss::NoStart(START_MS / 1000.0));
        }
        pool.forget_gone();
        pool.helpers.len()
    }

    fn spawn(&self) -> Result<(), String> {
        let id = {
            let mut pool = self.0.borrow_mut();
            pool.next_id += 1;
            pool.next_id
        };
        let (on_msg, on_fail): (Weak<RefCell<Pool>>, Weak<RefCell<Pool>>) = (Rc::downgrade(&self.0), Rc::downgrade(&self.0));
        let handle = WorkerHandle::spawn(
            Role::Helper,
            move |msg: FromHelper| {
                if let Some(pool) = on_msg.upgrade() {
                    pool.borrow_mut().heard(id, msg);
                }
            },
            move |e, _fatal| {
                if let Some(pool) = on_fail.upgrade() {
                    pool.borrow_mut().heard(id, FromHelper::Failed { step: usize::MAX, why: e.to_string() });
                }
            },
        )
        .map_err(|e| e.to_string())?;
        self.0.borrow_mut().helpers.push(Helper { id, handle, ready: false, gone: None, job: None, answer: None });
        Ok(())
    }

    /// Why helpers were let go since the last call.
    pub fn take_lost(&self) -> Vec<HelperLoss> {
        std::mem::take(&mut self.0.borrow_mut().lost)
    }
}

impl Pool {
    fn heard(&mut self, id: u64, msg: FromHelper) {
        let Some(h) = self.helpers.iter_mut().find(|h| h.id == id) else { return };
        match msg {
            FromHelper::Ready => h.ready = true,
            FromHelper::Share(r) if h.job == Some(r.step) => h.answer = Some(r),
            FromHelper::Share(_) => {} // a late answer to an earlier step
            FromHelper::Failed { why, .. } => h.gone = Some(HelperLoss::Failed(why)),
        }
        if let Some(w) = self.waker.take() {
            w.wake();
        }
    }

    /// Lets go of the helpers that failed (their workers end), noting why.
    fn forget_gone(&mut self) {
        let (gone, kept): (Vec<Helper>, Vec<Helper>) = std::mem::take(&mut self.helpers).into_iter().partition(|h| h.gone.is_some());
        self.helpers = kept;
        self.lost.extend(gone.into_iter().filter_map(|h| h.gone));
    }

    fn all_answered(&self) -> bool {
        self.helpers.iter().all(|h| h.job.is_none() || h.answer.is_some() || h.gone.is_some())
    }
}

/// Resolves when every helper given a job has answered or failed.
struct Answered(HelperPool);

impl Future for Answered {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut pool = self.0.0.borrow_mut();
        if pool.all_answered() {
            return Poll::Ready(());
        }
        pool.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

impl Helpers for HelperPool {
    fn helpers(&self) -> usize {
        self.0.borrow().helpers.iter().filter(|h| h.gone.is_none()).count()
    }

    fn send_shares(&mut self, jobs: Vec<ShareJob>) {
        let mut pool = self.0.borrow_mut();
        pool.sent_at = now_ms();
        for (h, job) in pool.helpers.iter_mut().filter(|h| h.gone.is_none()).zip(jobs) {
            (h.job, h.answer) = (Some(job.step), None);
            h.handle.send(&ToHelper::Share(job));
        }
    }

    async fn collect_shares(&mut self) -> Vec<Option<ShareResult>> {
        let own_ms = now_ms() - self.0.borrow().sent_at;
        let late = sleep((3.0 * own_ms + GRACE_MS).ceil() as i32);
        futures_lite::future::or(Answered(self.clone()), late).await;
        let mut pool = self.0.borrow_mut();
        pool.waker = None;
        let mut answers = Vec::new();
        for h in pool.helpers.iter_mut().filter(|h| h.job.is_some()) {
            if h.answer.is_none() && h.gone.is_none() {
                h.gone = Some(HelperLoss::NoAnswer((3.0 * own_ms + GRACE_MS) / 1000.0));
            }
            h.job = None;
            answers.push(h.answer.take().filter(|_| h.gone.is_none()));
        }
        pool.forget_gone();
        answers
    }
}
