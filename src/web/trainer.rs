//! The training worker: loads the data, sets up the device and trains, off the page's thread.
use super::fetch::fetch_bytes;
use super::js::{now_ms, sleep};
use crate::backend::{BackendKind, DeviceInfo};
use crate::checkpoint::Checkpoint;
use crate::data::{self, Dataset};
use crate::error::{AppError, Result};
use crate::idx::maybe_gunzip;
use crate::protocol::{Event, FromTrainer, PROBE_IMAGES, ToTrainer};
use crate::session::{self, Control, Host, ReadPolicy, Start};
use crate::train::TrainConfig;
use crate::weights;
use burn::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;

/// At most this often the run's weights go to the canvas (besides its start and every epoch's end).
const SNAPSHOT_MS: f64 = 3000.0;

#[derive(Default)]
struct Flags {
    paused: bool,
    stop: bool,
    running: bool,
}

#[derive(Default)]
struct State {
    device: Option<Device>,
    /// The browser lost the WebGPU device (it said so, in plain words, already).
    gpu_lost: bool,
    /// Time between checkpoints of a run (ms).
    checkpoint_ms: f64,
    info: Option<DeviceInfo>,
    data: Option<Rc<(Dataset, Dataset)>>,
    flags: Flags,
}

fn post(msg: &FromTrainer) {
    super::worker::post(msg);
}

fn post_error(e: &AppError, fatal: bool) {
    post(&FromTrainer::Error { error: e.clone(), fatal });
}

/// Starts the training worker.
pub fn start() {
    super::js::set_panic_hook(|why| post(&FromTrainer::Error { error: AppError::Worker { role: "trainer".into(), why }, fatal: true }));
    let state = Rc::new(RefCell::new(State::default()));
    super::worker::listen(
        move |msg| handle(&state, msg),
        |e| post_error(&AppError::Config(format!("bad message to the training worker: {e}")), false),
    );
    post(&FromTrainer::Ready);
}

fn handle(state: &Rc<RefCell<State>>, msg: ToTrainer) {
    match msg {
        ToTrainer::Init { data_url, backend, known, tasks_max, checkpoint_s } => {
            state.borrow_mut().checkpoint_ms = checkpoint_s * 1000.0;
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = init(&state, &data_url, backend, &known, tasks_max).await {
                    post_error(&e, true);
                }
            });
        }
        ToTrainer::Start(config) => start_run(state, RunFrom::Fresh(config)),
        ToTrainer::Continue { checkpoint } => start_run(state, RunFrom::Checkpoint(checkpoint)),
        ToTrainer::Pause | ToTrainer::Resume => {
            let paused = matches!(msg, ToTrainer::Pause);
            let mut s = state.borrow_mut();
            if s.flags.running {
                s.flags.paused = paused;
                post(&FromTrainer::Paused(paused));
            }
        }
        ToTrainer::Stop => state.borrow_mut().flags.stop = true,
        ToTrainer::Bench { batches } => {
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match bench_train(&state, batches).await {
                    Ok(result) => post(&FromTrainer::Bench(Box::new(result))),
                    Err(e) => post_error(&e, false),
                }
            });
        }
        ToTrainer::Preview { augment, seed } => {
            if let Some(data) = &state.borrow().data {
                post(&FromTrainer::Preview { images: crate::augment::preview(&data.0, &augment, seed).concat().into() });
            }
        }
    }
}

/// How a run starts: new with these settings, or from a checkpoint (with its own).
enum RunFrom {
    Fresh(TrainConfig),
    Checkpoint(crate::envelope::Bytes),
}

fn start_run(state: &Rc<RefCell<State>>, from: RunFrom) {
    if state.borrow().flags.running {
        return;
    }
    let state = state.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let result = train(&state, from).await;
        state.borrow_mut().flags = Flags::default();
        if let Err(e) = result {
            // A run that fails because the GPU was lost: the loss's own message says it
            // better, and it arrives a moment later.
            if matches!(e, AppError::Device(_)) {
                sleep(300).await;
            }
            if !state.borrow().gpu_lost {
                post_error(&e, false);
            }
            post(&FromTrainer::Run(Event::Done { stopped: true }));
        }
    });
}

/// Sets up the device (WebGPU first, before any tensor exists; measuring the devices if need
/// be) while the data downloads.
async fn init(
    state: &Rc<RefCell<State>>,
    data_url: &str,
    wanted: Option<BackendKind>,
    known: &super::device::Known,
    tasks_max: Option<usize>,
) -> Result<()> {
    let device = async {
        let lost = state.clone();
        let on_lost = move |reason| {
            lost.borrow_mut().gpu_lost = true;
            on_gpu_lost(reason)
        };
        let (device, info) = super::device::pick(wanted, known, tasks_max, on_lost).await;
        state.borrow_mut().device = Some(device);
        state.borrow_mut().info = Some(info.clone());
        post(&FromTrainer::Device(info));
    };
    let data = async {
        let t = now_ms();
        let data = load_data(data_url).await?;
        let sample: Vec<u8> = (0..data.1.len().min(PROBE_IMAGES)).flat_map(|i| data.1.image(i).to_vec()).collect();
        post(&FromTrainer::DataReady { train: data.0.len(), test: data.1.len(), ms: now_ms() - t, sample: sample.into() });
        state.borrow_mut().data = Some(Rc::new(data));
        Ok(())
    };
    futures_lite::future::zip(device, data).await.1
}

fn on_gpu_lost(reason: String) {
    post(&FromTrainer::Error { error: AppError::GpuLost(reason), fatal: true });
}

/// Downloads the four files at once (`.gz` first, the raw name if that fails).
async fn load_data(base: &str) -> Result<(Dataset, Dataset)> {
    let names = [data::TRAIN_IMAGES, data::TRAIN_LABELS, data::TEST_IMAGES, data::TEST_LABELS];
    let sizes = Rc::new(RefCell::new([(0u64, 0u64); 4]));
    let expected = [9_719_438, 28_857, 1_616_508, 4_517];
    let mut last_post = 0.0;
    let report = Rc::new(RefCell::new(move |sizes: &[(u64, u64); 4]| {
        let now = now_ms();
        let loaded: u64 = sizes.iter().map(|s| s.0).sum();
        let total: u64 = sizes.iter().zip(expected).map(|(s, e)| if s.1 > 0 { s.1 } else { e }).sum();
        if now - last_post > 50.0 || loaded == total {
            last_post = now;
            post(&FromTrainer::DataProgress { loaded, total });
        }
    }));
    let fetch_one = |i: usize| {
        let (sizes, report) = (sizes.clone(), report.clone());
        let name = names[i];
        async move {
            let mut on_progress = |loaded: u64, total: Option<u64>| {
                sizes.borrow_mut()[i] = (loaded, total.unwrap_or(0));
                (report.borrow_mut())(&sizes.borrow());
            };
            // `.gz` first; any failure (a 404, or a host whose 404 lacks CORS headers) tries the raw name.
            let gz = format!("{base}{name}.gz");
            let (url, bytes) = match fetch_bytes(&gz, &mut on_progress).await {
                Ok(bytes) => (gz, bytes),
                Err(gz_error) => {
                    let raw = format!("{base}{name}");
                    let bytes = fetch_bytes(&raw, &mut on_progress).await.map_err(|raw_error| {
                        if matches!(&raw_error, AppError::Download { reason, .. } if reason.contains("HTTP 404")) {
                            gz_error
                        } else {
                            raw_error
                        }
                    })?;
                    (raw, bytes)
                }
            };
            Ok::<_, AppError>((url, bytes.clone(), maybe_gunzip(name, bytes)?))
        }
    };
    use futures_lite::future::zip;
    let ((a, b), (c, d)) = zip(zip(fetch_one(0), fetch_one(1)), zip(fetch_one(2), fetch_one(3))).await;
    let (a, b, c, d) = (a?, b?, c?, d?);
    let train = Dataset::from_idx((names[0], &a.2), (names[1], &b.2))?;
    let test = Dataset::from_idx((names[2], &c.2), (names[3], &d.2))?;
    // Valid data: kept for the offline copy as downloaded (the service worker never fetches it).
    for (url, bytes, _) in [a, b, c, d] {
        super::fetch::keep_offline(&url, &bytes).await;
    }
    Ok((train, test))
}

struct WorkerHost {
    state: Rc<RefCell<State>>,
    last_yield: f64,
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
            let (stop, is_paused) = {
                let s = self.state.borrow();
                (s.flags.stop, s.flags.paused)
            };
            if stop {
                return Control::Stop;
            }
            if !is_paused {
                break;
            }
            paused = true;
            sleep(50).await;
        }
        Control::Continue { paused_ms: if paused { now_ms() - pause_start } else { 0.0 } }
    }

    fn report(&mut self, event: Event) {
        post(&FromTrainer::Run(event));
    }

    fn snapshot(&mut self, arch: crate::arch::Arch, flat: &[f32]) {
        let meta = [("source".to_string(), "the run in progress".to_string())];
        post(&FromTrainer::Snapshot { weights: crate::model_file::encode(arch, flat, &meta).into() });
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

async fn train(state: &Rc<RefCell<State>>, from: RunFrom) -> Result<()> {
    let (device, data) = {
        let s = state.borrow();
        match (&s.device, &s.data) {
            (Some(d), Some(data)) => (d.clone(), data.clone()),
            _ => return Err(AppError::Config("the data or the device is not ready yet".into())),
        }
    };
    let (config, start) = match from {
        RunFrom::Fresh(config) => {
            config.validate()?;
            let model = weights::seeded(config.arch, config.dropout, config.seed, &device.clone().autodiff());
            (config, Start::fresh(model))
        }
        RunFrom::Checkpoint(bytes) => {
            let checkpoint = Checkpoint::decode("the saved run", &bytes)?;
            let start = Start::resume(&checkpoint, &device.clone().autodiff())?;
            (checkpoint.config, start)
        }
    };
    state.borrow_mut().flags = Flags { running: true, ..Flags::default() };
    let mut host = WorkerHost { state: state.clone(), last_yield: now_ms() };
    let policy = ReadPolicy { checkpoint_ms: Some(state.borrow().checkpoint_ms), snapshot_ms: Some(SNAPSHOT_MS), ..ReadPolicy::default() };
    let outcome = session::run(&config, &data.0, &data.1, start, &policy, &mut host).await?;
    // Read the weights asynchronously (never synchronously on WebGPU) for the canvas and saving.
    let flat = weights::read_flat(&outcome.model).await?;
    let trained_on = state.borrow().info.as_ref().map_or(String::new(), |d| {
        let device = format!("{} ({})", d.name, crate::page_text::adapter_text(d, crate::i18n::Lang::En));
        crate::i18n::Lang::En.fill(crate::i18n::K::TrainedInBrowser, &[("device", &device)])
    });
    let meta = crate::weights::run_metadata(&config, outcome.last_eval.as_ref(), &trained_on);
    post(&FromTrainer::Trained { weights: crate::model_file::encode(config.arch, &flat, &meta).into() });
    Ok(())
}

/// `?bench=train`: times batches of 64 on the worker's device (see [`crate::bench::train`]).
async fn bench_train(state: &Rc<RefCell<State>>, batches: usize) -> Result<crate::bench::TrainBench> {
    let (device, info, data) = {
        let s = state.borrow();
        match (&s.device, &s.info, &s.data) {
            (Some(d), Some(i), Some(data)) => (d.clone(), i.clone(), data.clone()),
            _ => return Err(AppError::Config("the data or the device is not ready yet".into())),
        }
    };
    let backend = info.kind.as_str();
    let probe = super::gpu::Counters { on_gpu: info.kind == BackendKind::Gpu };
    let adapter = crate::page_text::adapter_text(&info, crate::i18n::Lang::En);
    crate::bench::train(&data.0, &device, (backend.into(), adapter), 2, batches, &probe).await
}
