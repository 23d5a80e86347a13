//! The training worker: loads the data, sets up the device and trains, off the page's thread.
use crate::base::error::{AppError, Result};
use crate::data::dataset::Dataset;
use crate::data::own_set::{OwnSet, Picked};
use crate::data::set_id::{SetId, set_name};
use crate::device::backend::BackendKind;
use crate::device::choice::DeviceInfo;
use crate::model::flat;
use crate::protocol::Role;
use crate::protocol::prediction::PROBE_IMAGES;
use crate::protocol::training::{FromTrainer, ToTrainer};
use crate::train::checkpoint::Checkpoint;
use crate::train::event::Event;
use crate::train::parallel::helpers::Helpers;
use crate::train::parallel::shares::{ShareJob, ShareResult};
use crate::train::session::{self, Control, Host, ReadPolicy};
use crate::train::start::{RunFrom, Start};
use crate::web::js::{now_ms, sleep};
use crate::web::workers::helper_pool::HelperPool;
use crate::worker::training::{Effect, GPU_LOSS_WAIT_MS, Gate, RunControl};
use burn::prelude::*;
use futures_channel::oneshot;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;

/// At most this often the run's weights go to the canvas (besides its start and every epoch's end).
const SNAPSHOT_MS: f64 = 3000.0;
/// Workers by default when the CPU trains (the `workers` option's 0): one per core, at most this.
const AUTO_WORKERS: usize = 8;

#[derive(Default)]
/// What the training worker holds between messages.
struct TrainingWorker {
    device: Option<Device>,
    /// Which run is going on, paused or stopped (plain logic, tested natively).
    control: RunControl,
    /// The run waiting while paused: woken by Resume or Stop.
    waiting: Vec<oneshot::Sender<()>>,
    /// Time between checkpoints of a run (ms).
    checkpoint_ms: f64,
    info: Option<DeviceInfo>,
    /// The data runs train on (MNIST's, or a set of one's own).
    data: Option<Rc<(Dataset, Dataset)>>,
    /// The set of one's own `data` is (`None`: MNIST).
    set: Option<SetId>,
    /// MNIST, kept to switch back to.
    mnist: Option<Rc<(Dataset, Dataset)>>,
    /// The `workers` option as the page sent it (0: one per core).
    workers: usize,
    /// Helpers sharing the CPU's batches.
    pool: HelperPool,
}

fn post(msg: &FromTrainer) {
    crate::web::channel::post(msg);
}

fn post_error(e: &AppError, fatal: bool) {
    post(&FromTrainer::Error { error: e.clone(), fatal });
}

/// Starts the training worker.
pub fn start() {
    crate::web::js::set_panic_hook(|why| {
        post(&FromTrainer::Error { error: AppError::Worker { role: Role::Training.as_str().into(), why }, fatal: true })
    });
    let state = Rc::new(RefCell::new(TrainingWorker::default()));
    crate::web::channel::listen(
        move |msg| handle(&state, msg),
        |e| post_error(&AppError::Worker { role: Role::Training.as_str().into(), why: format!("a message it cannot read ({e})") }, false),
    );
    post(&FromTrainer::Ready);
}

fn handle(state: &Rc<RefCell<TrainingWorker>>, msg: ToTrainer) {
    match msg {
        ToTrainer::Init { data_url, backend, known, tasks_max, checkpoint_s, workers, gpu_minimal, test_hooks } => {
            {
                let mut s = state.borrow_mut();
                s.checkpoint_ms = checkpoint_s * 1000.0;
                s.workers = workers;
            }
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = init(&state, &data_url, backend, &known, (tasks_max, gpu_minimal, test_hooks)).await {
                    post_error(&e, true);
                }
            });
        }
        ToTrainer::Bench { batches, net } => {
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match bench_train(&state, batches, &net).await {
                    Ok(result) => post(&FromTrainer::Bench(Box::new(result))),
                    Err(e) => post_error(&e, false),
                }
            });
        }
        ToTrainer::UseSet { files, transposed, request } => {
            let t = now_ms();
            match own_set(files, transposed) {
                Ok((set, id)) => use_data(state, Rc::new((set.train, set.test)), (id, Some(request)), now_ms() - t),
                Err(error) => post(&FromTrainer::SetRefused { request, error }),
            }
        }
        ToTrainer::UseMnist => {
            let mnist = state.borrow().mnist.clone();
            if let Some(mnist) = mnist {
                use_data(state, mnist, (None, None), 0.0);
            }
        }
        ToTrainer::Preview { augment, seed } => {
            if let Some(data) = &state.borrow().data {
                post(&FromTrainer::Preview { images: crate::data::augment::preview(&data.0, &augment, seed).concat().into() });
            }
        }
        run_msg => {
            let effects = state.borrow_mut().control.apply(run_msg);
            carry_out(state, effects);
        }
    }
}

/// Does what the run control asked.
fn carry_out(state: &Rc<RefCell<TrainingWorker>>, effects: Vec<Effect>) {
    for effect in effects {
        match effect {
            Effect::Post(msg) => post(&msg),
            Effect::Wake => {
                let waiting: Vec<_> = state.borrow_mut().waiting.drain(..).collect();
                for wake in waiting {
                    let _ = wake.send(());
                }
            }
            Effect::Begin { from, workers } => {
                let state = state.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let result = train(&state, from, workers).await;
                    let effects = state.borrow_mut().control.ended(result);
                    carry_out(&state, effects);
                });
            }
            Effect::HoldError(e) => {
                let state = state.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    sleep(GPU_LOSS_WAIT_MS as i32).await;
                    let effects = state.borrow_mut().control.failed(e);
                    carry_out(&state, effects);
                });
            }
        }
    }
}

/// Sets up the device (WebGPU first, before any tensor exists; measuring the devices if need
/// be) while the data downloads.
async fn init(
    state: &Rc<RefCell<TrainingWorker>>,
    data_url: &str,
    wanted: Option<BackendKind>,
    known: &crate::web::workers::device_choice::Known,
    gpu: (Option<usize>, bool, bool),
) -> Result<()> {
    let device = async {
        let lost = state.clone();
        let on_lost = move |reason| {
            let effects = lost.borrow_mut().control.gpu_lost(reason);
            carry_out(&lost, effects);
        };
        let (pool, workers) = (state.borrow().pool.clone(), resolve(state.borrow().workers));
        let (device, info) = crate::web::workers::device_choice::pick(wanted, known, gpu, on_lost, (&pool, workers)).await;
        state.borrow_mut().device = Some(device);
        state.borrow_mut().info = Some(info.clone());
        post(&FromTrainer::Device(info));
    };
    let data = async {
        let t = now_ms();
        let data = Rc::new(crate::web::workers::data_files::load_data(data_url).await?);
        state.borrow_mut().mnist = Some(data.clone());
        // (A set of one's own picked meanwhile stays.)
        if state.borrow().data.is_none() {
            use_data(state, data, (None, None), now_ms() - t);
        }
        Ok(())
    };
    futures_lite::future::zip(device, data).await.1
}

/// The set of `files` (sorted by their names, checked as MNIST's are) and its id (`None` when
/// it is MNIST's own files).
fn own_set(files: Vec<(String, crate::base::envelope::Bytes)>, transposed: Option<bool>) -> Result<(OwnSet, Option<SetId>)> {
    let picked = Picked::sort(files.into_iter().map(|(n, b)| (n, b.0)).collect())?;
    let name = set_name(&picked.files.train_images.0, picked.names.as_ref().map(|n| n.0.as_str()), "set");
    let names = picked.names.as_ref().map(|(n, t)| (n.as_str(), t.as_str()));
    let set = OwnSet::from_files(picked.files, names, transposed.unwrap_or(picked.emnist))?;
    let id = set.id(&name);
    Ok((set, id))
}

/// Trains on `data` (set `set`, picked by `request`) from now on, and tells the page (`ms`: the
/// time it took).
fn use_data(state: &Rc<RefCell<TrainingWorker>>, data: Rc<(Dataset, Dataset)>, (set, request): (Option<SetId>, Option<u64>), ms: f64) {
    let sample = data.1.first(PROBE_IMAGES);
    let (sample, labels) = (sample.pixels.into(), sample.labels.into());
    post(&FromTrainer::DataReady { train: data.0.len(), test: data.1.len(), ms, sample, labels, set: set.clone(), request });
    let mut s = state.borrow_mut();
    s.data = Some(data);
    s.set = set;
}

/// The workers asked for: `workers`, or one per core (at most [`AUTO_WORKERS`]) for 0.
fn resolve(workers: usize) -> usize {
    if workers == 0 { crate::web::js::cores().min(AUTO_WORKERS) } else { workers }
}

/// Gets the run's helpers ready: `workers` in all on the CPU, none on a GPU. Tells the page how
/// many share the batches (and why fewer, if so); returns that number.
async fn ready_helpers(state: &Rc<RefCell<TrainingWorker>>, workers: usize) -> usize {
    let (pool, on_cpu) = {
        let s = state.borrow();
        (s.pool.clone(), s.info.as_ref().is_some_and(|i| i.kind == BackendKind::Cpu))
    };
    let helpers = pool.ensure(if on_cpu { resolve(workers) - 1 } else { 0 }).await;
    if on_cpu {
        post(&FromTrainer::Workers { workers: helpers + 1, lost: pool.take_lost().into_iter().next() });
    }
    helpers + 1
}

struct WorkerHost {
    state: Rc<RefCell<TrainingWorker>>,
    /// The class names of the run's set, for its snapshots (none for MNIST).
    classes: Option<String>,
    last_yield: f64,
    pool: HelperPool,
}

impl Helpers for WorkerHost {
    fn helpers(&self) -> usize {
        self.pool.helpers()
    }

    fn send_shares(&mut self, jobs: Vec<ShareJob>) {
        self.pool.send_shares(jobs);
    }

    async fn collect_shares(&mut self) -> Vec<Option<ShareResult>> {
        let answers = self.pool.collect_shares().await;
        if let Some(why) = self.pool.take_lost().into_iter().next() {
            post(&FromTrainer::Workers { workers: self.pool.helpers() + 1, lost: Some(why) });
        }
        answers
    }
}

impl Host for WorkerHost {
    async fn between_batches(&mut self) -> Control {
        if now_ms() - self.last_yield > 16.0 {
            sleep(0).await;
            self.last_yield = now_ms();
        }
        let pause_start = now_ms();
        let mut paused = false;
        loop {
            let gate = self.state.borrow().control.gate();
            match gate {
                Gate::Go => break,
                Gate::Stop => return Control::Stop,
                Gate::Wait => {
                    paused = true;
                    let (wake, woken) = oneshot::channel();
                    self.state.borrow_mut().waiting.push(wake);
                    let _ = woken.await;
                }
            }
        }
        Control::Continue { paused_ms: if paused { now_ms() - pause_start } else { 0.0 } }
    }

    fn report(&mut self, event: Event) {
        post(&FromTrainer::Run(event));
    }

    fn snapshot(&mut self, net: &crate::model::net::Net, flat: &[f32]) {
        let mut meta = vec![("source".to_string(), "the run in progress".to_string())];
        meta.extend(self.classes.clone().map(|c| ("classes".to_string(), c)));
        post(&FromTrainer::Snapshot { weights: crate::weights::file::encode(net, flat, &meta).into() });
    }

    fn checkpoint(&mut self, checkpoint: Checkpoint) {
        post(&FromTrainer::Checkpoint { bytes: checkpoint.encode().into() });
    }

    fn now_ms(&self) -> f64 {
        now_ms()
    }

    fn memory_mb(&self) -> f64 {
        let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        memory.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length() as f64 / 1e6
    }
}

async fn train(state: &Rc<RefCell<TrainingWorker>>, from: RunFrom, workers: usize) -> Result<()> {
    let (device, data, set) = {
        let s = state.borrow();
        match (&s.device, &s.data) {
            (Some(d), Some(data)) => (d.clone(), data.clone(), s.set.clone()),
            _ => return Err(AppError::NotReady),
        }
    };
    let (config, start) = Start::build(from.on_set(set.as_ref())?, &device)?;
    // (The page hears how many share the batches: `FromTrainer::Workers`.)
    ready_helpers(state, workers).await;
    let pool = state.borrow().pool.clone();
    let classes = config.data.as_ref().map(|s| s.classes.join("\n"));
    let mut host = WorkerHost { state: state.clone(), classes, last_yield: now_ms(), pool };
    let policy = ReadPolicy { checkpoint_ms: Some(state.borrow().checkpoint_ms), snapshot_ms: Some(SNAPSHOT_MS), ..ReadPolicy::default() };
    let outcome = session::run(&config, &data.0, &data.1, start, &policy, &mut host).await?;
    // Read the weights asynchronously (never synchronously on WebGPU) for the canvas and saving.
    let flat = flat::read_flat(&outcome.model).await?;
    let trained_on = state.borrow().info.as_ref().map_or(String::new(), |d| {
        let device = format!("{} ({})", d.name, crate::page::status_text::adapter_text(d, crate::i18n::Lang::En));
        crate::i18n::Lang::En.fill(crate::i18n::K::TrainedInBrowser, &[("device", &device)])
    });
    let meta = crate::train::metadata::run_metadata(&config, outcome.last_eval.as_ref(), &trained_on);
    post(&FromTrainer::Trained { weights: crate::weights::file::encode(&config.net, &flat, &meta).into() });
    Ok(())
}

/// `?bench=train`: times batches of 64 on the worker's device (see [`crate::device::bench::train`]).
async fn bench_train(
    state: &Rc<RefCell<TrainingWorker>>,
    batches: usize,
    net: &crate::model::net::Net,
) -> Result<crate::device::bench::TrainBench> {
    let (device, info, data, classes) = {
        let s = state.borrow();
        match (&s.device, &s.info, &s.data) {
            (Some(d), Some(i), Some(data)) => {
                (d.clone(), i.clone(), data.clone(), s.set.as_ref().map_or(crate::data::classes::DIGITS, |s| s.classes.len()))
            }
            _ => return Err(AppError::NotReady),
        }
    };
    // One output per class of the set in use.
    let net = &net.with_classes(classes).map_err(|e| AppError::Config(e.to_string()))?;
    let backend = info.kind.as_str();
    let probe = crate::web::workers::adapter::Counters { on_gpu: info.kind == BackendKind::Gpu };
    let adapter = crate::page::status_text::adapter_text(&info, crate::i18n::Lang::En);
    let workers = state.borrow().workers;
    ready_helpers(state, workers).await;
    let mut pool = state.borrow().pool.clone();
    crate::device::bench::train(&data.0, &device, net, (backend.into(), adapter), (2, batches), &probe, &mut pool).await
}
