//! What the page's components share, provided once by the page ([`crate::web::components::app::App`])
//! and found by each component with `expect_context::<PageContext>()`: the page's state, the settings on
//! screen, the training worker and the signals the draw panel follows.
use crate::base::envelope::Bytes;
use crate::base::error::AppError;
use crate::data::dataset::Dataset;
use crate::device::backend::BackendKind;
use crate::i18n::Lang;
use crate::page::kept_sets::{self, KeptInfo, KeptSet};
use crate::page::page_state::{Command, PageState, WhenReady};
use crate::page::test_image::TestImage;
use crate::page::url::PageSettings;
use crate::protocol::Role;
use crate::protocol::training::{FromTrainer, ToTrainer};
use crate::train::config::TrainConfig;
use crate::web::channel::WorkerHandle;
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The IndexedDB key of the checkpoint of the run in progress.
const CHECKPOINT: &str = "checkpoint";

/// What the page's cards share: its state, the settings on screen, the training worker.
#[derive(Clone, Copy)]
pub struct PageContext {
    pub state: RwSignal<PageState>,
    /// The recipe on screen.
    pub config: RwSignal<TrainConfig>,
    /// CPU workers sharing each batch (0: one per core): the same training, faster.
    pub workers: RwSignal<usize>,
    /// The device asked for (`None`: the fastest, measured).
    pub backend: RwSignal<Option<BackendKind>>,
    /// The weights of the last run trained in this tab.
    pub trained: RwSignal<Option<Bytes>>,
    /// The weights of the run in progress as of its last snapshot.
    pub snapshot: RwSignal<Option<Bytes>>,
    /// The first test images: to look for what excites a channel in, and the canvas's example.
    pub probe: RwSignal<Option<Dataset>>,
    /// A test image on the canvas (the opening example, or one picked in a gallery).
    pub inspect: RwSignal<Option<TestImage>>,
    pub settings: StoredValue<PageSettings>,
    /// The page's language.
    pub lang: RwSignal<Lang>,
    /// The record of the last run that ended in this tab (the runs panel keeps it).
    pub finished: RwSignal<Option<crate::runs::record::RunRecord>>,
    /// Weights to read the canvas with, picked elsewhere than the draw panel (a kept run's).
    pub use_weights: RwSignal<Option<(String, Bytes)>>,
    /// Whether the checkpoint of an interrupted run has been looked for (and offered if found).
    pub looked_for_saved_run: RwSignal<bool>,
    /// When the run in progress started (ms since 1970).
    started_ms: StoredValue<f64>,
    trainer: StoredValue<Option<WorkerHandle<ToTrainer>>, LocalStorage>,
    /// The checkpoint of a run interrupted on an earlier visit (offered to continue).
    saved_run: StoredValue<Option<Bytes>>,
    /// The settings of the run shown (on its data set: what its record and log say).
    pub run_config: StoredValue<TrainConfig>,
    /// The sets of one's own kept in this browser.
    pub kept_sets: RwSignal<Vec<KeptInfo>>,
    /// Files of a set sent to the training worker and not answered yet (kept once it takes
    /// them), and whether its images are transposed.
    pending_set: StoredValue<Option<PendingSet>>,
    /// The training worker is listening (a set is sent to it only then).
    listening: StoredValue<bool>,
}

/// A set's files (name, bytes) and whether its images are transposed (`None`: as named).
type PendingSet = (Vec<(String, Bytes)>, Option<bool>, u64);

/// Where the page remembers the set runs train on (localStorage: its kept key; none for MNIST).
const SET_IN_USE: &str = "data-set";
/// Where it keeps the list of kept sets (localStorage).
const SET_LIST: &str = "data-sets";

impl PageContext {
    /// The page's shared state for these URL settings (nothing started yet).
    pub fn new(settings: &PageSettings) -> Self {
        PageContext {
            state: RwSignal::new(PageState::default()),
            config: RwSignal::new(settings.config.clone()),
            workers: RwSignal::new(settings.workers),
            backend: RwSignal::new(settings.backend),
            trained: RwSignal::new(None),
            snapshot: RwSignal::new(None),
            probe: RwSignal::new(None),
            inspect: RwSignal::new(None),
            settings: StoredValue::new(settings.clone()),
            finished: RwSignal::new(None),
            use_weights: RwSignal::new(None),
            looked_for_saved_run: RwSignal::new(false),
            started_ms: StoredValue::new(0.0),
            trainer: StoredValue::new_local(None),
            saved_run: StoredValue::new(None),
            run_config: StoredValue::new(settings.config.clone()),
            kept_sets: RwSignal::new(kept_sets::parse_list(crate::web::js::store_get(SET_LIST).ok().flatten().as_deref())),
            pending_set: StoredValue::new(None),
            listening: StoredValue::new(false),
            lang: RwSignal::new(crate::web::components::lang::initial(settings.lang)),
        }
    }

    pub fn send(&self, msg: ToTrainer) {
        self.trainer.with_value(|w| {
            if let Some(w) = w {
                w.send(&msg)
            }
        });
    }

    pub fn running(&self) -> bool {
        self.state.with(|s| s.running)
    }

    /// Starts a run with the settings on screen, if the page is ready for one.
    pub fn start(&self) {
        if !self.state.with_untracked(|s| s.can_start()) {
            return;
        }
        let config = self.config.get_untracked();
        if let Err(e) = crate::train::options::validate(&config) {
            self.state.update(|s| s.errors.push(e));
            return;
        }
        // On the set in use: one output per class, and the run remembers it.
        let config = match config.for_set(self.state.with_untracked(|s| s.set.clone()).as_ref()) {
            Ok(c) => c,
            Err(e) => return self.state.update(|s| s.errors.push(e)),
        };
        let page = *self;
        self.with_run_lock(move || {
            page.started_ms.set_value(js_sys::Date::now());
            page.run_config.set_value(config.clone());
            page.state.update(|s| s.start_run());
            page.send(ToTrainer::Start { config, workers: page.workers.get_untracked() });
        });
    }

    /// Does `then` once this tab holds the run lock (one run per browser, static/bindings.js);
    /// tells the user when another tab trains.
    fn with_run_lock(self, then: impl FnOnce() + 'static) {
        let Ok(promise) = crate::web::js::run_lock() else { return then() };
        wasm_bindgen_futures::spawn_local(async move {
            let granted = JsFuture::from(promise).await.map_or(true, |v| v.as_bool() != Some(false));
            if !granted {
                self.state.update(|s| s.notice(AppError::OtherTab));
            } else if self.state.with_untracked(|s| s.can_start()) {
                self.state.update(|s| s.errors.retain(|e| *e != AppError::OtherTab));
                then();
            } else {
                self.release_if_idle();
            }
        });
    }

    /// Lets other tabs train once no run goes on here.
    fn release_if_idle(&self) {
        if !self.state.with_untracked(|s| s.running) {
            let _ = crate::web::js::release_run();
        }
    }

    /// Keeps `bytes` under `key` in IndexedDB; a refusal (storage full or not allowed) becomes
    /// `notice`, shown once.
    pub fn keep(&self, key: &'static str, bytes: &Bytes, notice: fn(String) -> AppError) {
        let put = crate::web::js::idb_put(key, &js_sys::Uint8Array::from(&bytes[..]));
        let state = self.state;
        wasm_bindgen_futures::spawn_local(async move {
            let stored = match put {
                Ok(p) => JsFuture::from(p).await.map(drop),
                Err(e) => Err(e),
            };
            if let Err(e) = stored {
                state.update(|s| s.notice(notice(crate::web::js::named_message(&e))));
            }
        });
    }

    /// (Re)starts the training worker: set-up, data, device; then does `when_ready`.
    pub fn spawn(self, when_ready: WhenReady) {
        self.trainer.set_value(None); // terminates a previous worker
        self.listening.set_value(false);
        // The set used before (on an earlier visit, or by the worker this one replaces).
        self.restore_set();
        let settings = self.settings.get_value();
        let errors = self.state.with_untracked(|s| s.errors.clone());
        self.state.set(PageState { errors, when_ready, ..PageState::default() });
        let init = ToTrainer::Init {
            data_url: settings.data_url,
            backend: self.backend.get_untracked(),
            known: crate::web::components::calibrations::remembered_calibrations(),
            tasks_max: settings.tasks_max,
            checkpoint_s: settings.checkpoint_s,
            workers: self.workers.get_untracked(),
            gpu_minimal: settings.gpu_minimal,
            test_hooks: settings.test_hooks,
        };
        let on_message = move |msg: FromTrainer| {
            for command in self.state.try_update(|s| s.apply(msg, &init)).unwrap_or_default() {
                self.run(command);
            }
            self.release_if_idle();
        };
        let on_failure = move |error: AppError, fatal: bool| {
            self.state.update(|s| s.fail(error, fatal));
            self.release_if_idle();
        };
        match WorkerHandle::spawn(Role::Training, on_message, on_failure) {
            Ok(h) => self.trainer.set_value(Some(h)),
            Err(e) => self.state.update(|s| s.fail(e, true)),
        }
    }

    fn run(&self, command: Command) {
        match command {
            Command::Send(msg) => {
                self.send(msg);
                // (The worker's set-up is the first message it hears: a set picked or kept
                // before it listened follows.)
                self.listening.set_value(true);
                self.send_pending_set();
            }
            Command::Start => self.start(),
            Command::UseTrained(weights) => self.trained.set(Some(weights)),
            Command::UseSnapshot(weights) => self.snapshot.set(Some(weights)),
            Command::Probe(images) => self.probe.set(Some(images)),
            Command::Remember(m) => crate::web::components::calibrations::remember_calibration(&m.key, Some(&m.figures)),
            Command::KeepCheckpoint(bytes) => self.keep(CHECKPOINT, &bytes, AppError::CheckpointNotKept),
            Command::ForgetCheckpoint => self.discard_saved_run(),
            Command::Finished { stopped } => {
                let times = (self.started_ms.get_value(), js_sys::Date::now());
                let record =
                    self.state.with_untracked(|s| crate::page::run_record::record(s, &self.run_config.get_value(), times, stopped));
                self.finished.set(Some(record));
            }
            Command::UsingSet(set, request) => self.using_set(set, request),
        }
    }

    /// Continues the run of the checkpoint on offer, with its settings.
    pub fn resume(&self) {
        let Some(bytes) = self.saved_run.get_value() else { return };
        let page = *self;
        self.with_run_lock(move || {
            if let Some(config) = page.state.try_update(|s| s.resume_run()).flatten() {
                page.started_ms.set_value(js_sys::Date::now());
                // With the workers set here: the training is the same with any.
                page.run_config.set_value(config.clone());
                page.config.set(config.for_set(None).unwrap_or(config));
                page.send(ToTrainer::Continue { checkpoint: bytes, workers: page.workers.get_untracked() });
            }
        });
    }

    /// Trains on the set of these files from now on, if the training worker takes them (it
    /// answers with the set, or with why not; the set in use stays until then).
    pub fn use_set(&self, files: Vec<(String, Bytes)>, transposed: Option<bool>) {
        let request = js_sys::Date::now() as u64;
        self.pending_set.set_value(Some((files, transposed, request)));
        self.send_pending_set();
    }

    /// Trains on MNIST again.
    pub fn use_mnist(&self) {
        self.pending_set.set_value(None);
        self.send(ToTrainer::UseMnist);
    }

    fn send_pending_set(&self) {
        if !self.listening.get_value() {
            return;
        }
        // (The files stay until the answer: kept then, if they are a set.)
        let msg = self.pending_set.with_value(|p| p.as_ref().map(|(files, transposed, request)| (files.clone(), *transposed, *request)));
        if let Some((files, transposed, request)) = msg {
            self.send(ToTrainer::UseSet { files, transposed, request });
        }
    }

    /// The worker trains on `set` now (picked by `request`): remember it for the next visit,
    /// and keep that pick's files if they are a new set.
    fn using_set(&self, set: Option<crate::data::set_id::SetId>, request: Option<u64>) {
        // Remembered when MNIST or kept (a set not kept yet: once it is).
        let listed = |key: &str| self.kept_sets.with_untracked(|k| k.iter().any(|k| kept_sets::key(&k.id) == key));
        match set.as_ref().map(kept_sets::key) {
            None => {
                let _ = crate::web::js::store_set(SET_IN_USE, None);
            }
            Some(key) if listed(&key) => {
                let _ = crate::web::js::store_set(SET_IN_USE, Some(key));
            }
            Some(_) => {}
        }
        if request.is_none() || self.pending_set.with_value(|p| p.as_ref().map(|p| p.2)) != request {
            return; // MNIST, or the answer to an earlier pick
        }
        let Some((files, transposed, _)) = self.pending_set.try_update_value(Option::take).flatten() else { return };
        let Some(id) = set else { return };
        if listed(&kept_sets::key(&id)) {
            return;
        }
        let test = self.state.with_untracked(|s| s.data.map_or(0, |d| d.1));
        let kept = KeptSet { id: id.clone(), transposed, files: files.into_iter().map(|(n, b)| (n, b.0)).collect() };
        let put = crate::web::js::idb_put(&kept_sets::key(&id), &js_sys::Uint8Array::from(&kept.encode()[..]));
        let page = *self;
        wasm_bindgen_futures::spawn_local(async move {
            let stored = match put {
                Ok(p) => JsFuture::from(p).await.map(drop),
                Err(e) => Err(e),
            };
            match stored {
                Ok(()) => {
                    let _ = crate::web::js::store_set(SET_IN_USE, Some(kept_sets::key(&id)));
                    page.kept_sets.update(|k| *k = kept_sets::with(k, KeptInfo { id, test }));
                    let list = page.kept_sets.with_untracked(|k| serde_json::to_string(k).expect("serialises"));
                    let _ = crate::web::js::store_set(SET_LIST, Some(list));
                }
                Err(e) => {
                    page.state.update(|s| s.notice(AppError::SetNotKept { name: id.name, reason: crate::web::js::named_message(&e) }))
                }
            }
        });
    }

    /// Trains on the kept set of `key` (read back from IndexedDB); a set missing or damaged
    /// there is said, and taken off the list.
    pub fn use_kept_set(self, key: String) {
        let Ok(promise) = crate::web::js::idb_get(&key) else { return };
        wasm_bindgen_futures::spawn_local(async move {
            let name = self
                .kept_sets
                .with_untracked(|k| k.iter().find(|k| kept_sets::key(&k.id) == key).map(|k| k.id.name.clone()))
                .unwrap_or_else(|| key.clone());
            let read = match JsFuture::from(promise).await {
                Ok(v) if !v.is_null() => KeptSet::decode(&name, &js_sys::Uint8Array::new(&v).to_vec()),
                _ => Err(AppError::KeptSetDamaged { name, reason: "it is no longer in this browser's storage".into() }),
            };
            match read {
                Ok(kept) => {
                    // Already kept: sent as a new pick would be, but not stored again.
                    self.use_set(kept.files.into_iter().map(|(n, b)| (n, b.into())).collect(), kept.transposed);
                }
                Err(e) => {
                    self.state.update(|s| s.errors.push(e));
                    self.forget_set(&key);
                }
            }
        });
    }

    /// Deletes the kept set of `key` (the set in use stays until another is picked).
    pub fn forget_set(&self, key: &str) {
        let _ = crate::web::js::idb_delete(key);
        self.kept_sets.update(|k| *k = kept_sets::without(k, key));
        let list = self.kept_sets.with_untracked(|k| serde_json::to_string(k).expect("serialises"));
        let _ = crate::web::js::store_set(SET_LIST, Some(list));
        if crate::web::js::store_get(SET_IN_USE).ok().flatten().as_deref() == Some(key) {
            let _ = crate::web::js::store_set(SET_IN_USE, None);
        }
    }

    /// Trains on the set used on the last visit, if it was not MNIST.
    pub fn restore_set(self) {
        if let Some(key) = crate::web::js::store_get(SET_IN_USE).ok().flatten() {
            self.use_kept_set(key);
        }
    }

    /// Forgets the checkpoint of an interrupted run.
    pub fn discard_saved_run(&self) {
        self.saved_run.set_value(None);
        self.state.update(|s| s.resume_offer = None);
        let _ = crate::web::js::idb_delete(CHECKPOINT);
    }

    /// Looks for the checkpoint of a run interrupted on an earlier visit, and offers it, unless
    /// it is the run another tab is training (then says so).
    pub fn look_for_saved_run(self) {
        let Ok(promise) = crate::web::js::idb_get(CHECKPOINT) else { return self.looked_for_saved_run.set(true) };
        wasm_bindgen_futures::spawn_local(async move {
            self.look_at_saved_run(promise).await;
            self.looked_for_saved_run.set(true);
        });
    }

    async fn look_at_saved_run(self, promise: js_sys::Promise) {
        if let Ok(elsewhere) = crate::web::js::run_elsewhere()
            && JsFuture::from(elsewhere).await.is_ok_and(|v| v.as_bool() == Some(true))
        {
            self.state.update(|s| s.notice(AppError::OtherTab));
            return;
        }
        let Ok(v) = JsFuture::from(promise).await else { return };
        if v.is_null() {
            return;
        }
        let bytes = js_sys::Uint8Array::new(&v).to_vec();
        match crate::train::checkpoint::Checkpoint::decode("the run saved on an earlier visit", &bytes) {
            Ok(c) => {
                self.saved_run.set_value(Some(bytes.into()));
                self.state.update(|s| s.offer_resume(&c));
            }
            Err(e) => {
                self.state.update(|s| s.errors.push(e));
                self.discard_saved_run();
            }
        }
    }
}
