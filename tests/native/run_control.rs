//! The training worker's run control (`worker::training::RunControl`), as the worker drives it:
//! the page's messages in, effects out; and a real run whose host asks its gate between batches
//! (a Pause halts the batches until Resume; a Stop ends the run where it is).
use burn::prelude::*;
use mnist_web::base::error::AppError;
use mnist_web::native::data_files;
use mnist_web::protocol::training::{FromTrainer, ToTrainer};
use mnist_web::train::config::TrainConfig;
use mnist_web::train::event::Event;
use mnist_web::train::parallel::helpers::Helpers;
use mnist_web::train::parallel::shares::{ShareJob, ShareResult};
use mnist_web::train::session::{self, Control, Host, ReadPolicy};
use mnist_web::train::start::{RunFrom, Start};
use mnist_web::worker::training::{Effect, Gate, RunControl};

/// What the effects say, in short: "post Paused(true)", "begin 2", "wake", "hold …".
fn said(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .map(|e| match e {
            Effect::Post(FromTrainer::Error { error, fatal }) => format!("error{} {error}", if *fatal { " (fatal)" } else { "" }),
            Effect::Post(FromTrainer::Run(Event::Done { stopped })) => format!("done stopped={stopped}"),
            Effect::Post(FromTrainer::Paused(p)) => format!("paused {p}"),
            Effect::Post(other) => format!("post {other:?}"),
            Effect::Begin { from: RunFrom::Fresh { config, .. }, workers } => format!("begin {} workers={workers}", config.seed),
            Effect::Begin { from: RunFrom::Checkpoint(_), workers } => format!("begin checkpoint workers={workers}"),
            Effect::Wake => "wake".into(),
            Effect::HoldError(e) => format!("hold {e}"),
        })
        .collect()
}

fn start(seed: u64) -> ToTrainer {
    ToTrainer::Start { config: TrainConfig { seed, ..TrainConfig::default() }, workers: 2 }
}

#[test]
fn a_start_begins_a_run_that_pause_halts_resume_wakes_and_stop_ends() {
    let mut c = RunControl::default();
    assert_eq!(said(&c.apply(ToTrainer::Pause)), Vec::<String>::new(), "no run: nothing to pause");
    assert_eq!(said(&c.apply(start(1))), ["begin 1 workers=2"]);
    assert!(c.running());
    assert_eq!(c.gate(), Gate::Go);
    assert_eq!(said(&c.apply(ToTrainer::Pause)), ["paused true"]);
    assert_eq!(c.gate(), Gate::Wait, "paused: the run waits between batches");
    assert_eq!(said(&c.apply(ToTrainer::Pause)), Vec::<String>::new(), "a second Pause changes nothing");
    assert_eq!(said(&c.apply(ToTrainer::Resume)), ["paused false", "wake"]);
    assert_eq!(c.gate(), Gate::Go);
    assert_eq!(said(&c.apply(ToTrainer::Pause)), ["paused true"]);
    assert_eq!(said(&c.apply(ToTrainer::Stop)), ["wake"], "a paused run is woken to stop");
    assert_eq!(c.gate(), Gate::Stop);
    assert_eq!(said(&c.apply(ToTrainer::Resume)), Vec::<String>::new(), "a stopping run is not resumed");
    assert_eq!(said(&c.ended(Ok(()))), Vec::<String>::new());
    assert!(!c.running());
    assert_eq!(c.gate(), Gate::Stop);
    assert_eq!(said(&c.apply(ToTrainer::Stop)), Vec::<String>::new(), "no run: nothing to stop");
}

#[test]
fn a_start_during_the_last_runs_read_back_waits_for_it_and_begins_after() {
    let mut c = RunControl::default();
    c.apply(start(1));
    // The run told the page it is done and reads its weights back; the page starts another.
    assert_eq!(said(&c.apply(start(2))), Vec::<String>::new(), "held until the run before has ended");
    assert_eq!(said(&c.apply(start(3))), [format!("error {}", AppError::RunInProgress)], "one waits, not two");
    assert_eq!(said(&c.ended(Ok(()))), ["begin 2 workers=2"]);
    assert_eq!(c.gate(), Gate::Go, "the new run begins with no pause or stop of the last");
    // A Stop for the run that waits ends it unbegun.
    c.apply(start(4));
    assert_eq!(said(&c.apply(ToTrainer::Stop)), ["done stopped=true"]);
    assert_eq!(said(&c.ended(Ok(()))), Vec::<String>::new(), "nothing begins after the stopped one");
}

#[test]
fn a_failed_run_is_told_and_ends_stopped_and_a_waiting_start_begins() {
    let mut c = RunControl::default();
    c.apply(start(1));
    c.apply(start(2));
    let e = AppError::NotFinite { batch: 3, epoch: 1 };
    assert_eq!(said(&c.ended(Err(e.clone()))), [format!("error {e}"), "done stopped=true".into(), "begin 2 workers=2".into()]);
    // A checkpoint that cannot be read fails the run the same way.
    let mut c = RunControl::default();
    let effects = c.apply(ToTrainer::Continue { checkpoint: vec![1u8, 2, 3].into(), workers: 1 });
    let said = said(&effects);
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(said[0].starts_with("error ") && said[0].contains("the saved run"), "{said:?}");
    assert_eq!(said[1], "done stopped=true");
    assert!(!c.running());
}

#[test]
fn after_a_lost_gpu_the_runs_own_errors_are_not_told() {
    let mut c = RunControl::default();
    c.apply(start(1));
    let e = AppError::Device("the buffer's device was lost".into());
    // A device error is held a moment: the browser may say the GPU was lost.
    assert_eq!(said(&c.ended(Err(e.clone()))), [format!("hold {e}")]);
    assert!(c.running(), "a Start waits while the error is held");
    assert_eq!(
        said(&c.gpu_lost("the GPU process crashed".into())),
        [format!("error (fatal) {}", AppError::GpuLost("the GPU process crashed".into()))]
    );
    assert_eq!(said(&c.gpu_lost("again".into())), Vec::<String>::new(), "said once");
    assert_eq!(said(&c.failed(e.clone())), ["done stopped=true"], "the held error is moot");
    // Without a loss the held error is told.
    let mut c = RunControl::default();
    c.apply(start(1));
    c.ended(Err(e.clone()));
    assert_eq!(said(&c.failed(e.clone())), [format!("error {e}"), "done stopped=true".into()]);
}

/// A message the page sends only while the run waits (paused).
const LATER: usize = usize::MAX;

/// A run's host that asks the control between batches and plays the page's messages: `script`
/// gives, for a batch count, the message that arrives once that many batches are done ([`LATER`]:
/// while the run waits).
struct Scripted {
    control: RunControl,
    script: Vec<(usize, ToTrainer)>,
    batches: usize,
    /// Batch counts at which the run waited (paused).
    waited_at: Vec<usize>,
    losses: usize,
    done: Option<bool>,
}

impl Scripted {
    fn play(&mut self) {
        let now: Vec<ToTrainer> = self.script.extract_if(.., |(at, _)| *at == self.batches).map(|(_, m)| m).collect();
        for msg in now {
            self.control.apply(msg);
        }
    }
}

impl Helpers for Scripted {
    fn helpers(&self) -> usize {
        0
    }
    fn send_shares(&mut self, _: Vec<ShareJob>) {}
    async fn collect_shares(&mut self) -> Vec<Option<ShareResult>> {
        Vec::new()
    }
}

impl Host for Scripted {
    async fn between_batches(&mut self) -> Control {
        // Asked after each batch.
        self.batches += 1;
        self.play();
        loop {
            match self.control.gate() {
                Gate::Go => break,
                Gate::Stop => return Control::Stop,
                Gate::Wait => {
                    // Nothing trains while paused: the next message is what the page sends later.
                    self.waited_at.push(self.batches);
                    let later = self.script.iter().position(|(at, _)| *at == LATER).expect("a message to end the wait");
                    let (_, msg) = self.script.remove(later);
                    self.control.apply(msg);
                }
            }
        }
        Control::Continue { paused_ms: 0.0 }
    }
    fn report(&mut self, event: Event) {
        match event {
            Event::Losses { first, losses, .. } => self.losses = first + losses.len(),
            Event::Done { stopped } => self.done = Some(stopped),
            _ => {}
        }
    }
    fn now_ms(&self) -> f64 {
        0.0
    }
}

fn scripted_run(script: Vec<(usize, ToTrainer)>) -> Scripted {
    let (train, test) = data_files::load_mnist(&data_files::default_data_dir()).expect("run scripts/fetch-data.sh first");
    let (train, test) = (train.first(640), test.first(64));
    let config = TrainConfig { epochs: 1, train_images: Some(640), test_images: Some(64), seed: 5, ..TrainConfig::default() };
    let mut host = Scripted { control: RunControl::default(), script, batches: 0, waited_at: Vec::new(), losses: 0, done: None };
    let Some(Effect::Begin { from, .. }) = host.control.apply(ToTrainer::Start { config: config.clone(), workers: 1 }).pop() else {
        panic!("a run begins")
    };
    let (config, start) = Start::build(from, &Device::flex()).unwrap();
    let policy = ReadPolicy { max_pending: 1, ..ReadPolicy::default() };
    futures_lite::future::block_on(session::run(&config, &train, &test, start, &policy, &mut host)).unwrap();
    host
}

#[test]
fn a_pause_halts_the_batches_until_resume_and_a_stop_ends_the_run_where_it_is() {
    // 10 batches of 64: paused after 3, resumed, stopped after 6.
    let host = scripted_run(vec![(3, ToTrainer::Pause), (LATER, ToTrainer::Resume), (6, ToTrainer::Stop)]);
    assert_eq!(host.waited_at, [3], "the run waited once, with 3 batches done, until Resume");
    assert_eq!(host.batches, 6, "no batch ran after the Stop");
    assert_eq!(host.losses, 6, "six losses reported");
    assert_eq!(host.done, Some(true), "the run says it was stopped");
    // Unpaused, unstopped: all 10 batches.
    let host = scripted_run(Vec::new());
    assert_eq!((host.losses, host.done), (10, Some(false)));
}
