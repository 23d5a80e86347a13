//! What the page's components share, provided once by the page ([`crate::web::page::app::App`])
//! and found by each component with `expect_context::<Page>()`: the page's state, the settings on
//! screen, the training worker and the signals the draw panel follows.
use crate::base::envelope::Bytes;
use crate::base::error::AppError;
use crate::device::backend::BackendKind;
use crate::i18n::Lang;
use crate::page::page_state::{Command, PageState, WhenReady};
use crate::page::url::PageSettings;
use crate::protocol::Role;
use crate::protocol::training::{FromTrainer, ToTrainer};
use crate::train::config::TrainConfig;
use crate::web::channel::WorkerHandle;
use leptos::prelude::*;

/// The IndexedDB key of the checkpoint of the run in progress.
const CHECKPOINT: &str = "checkpoint";

/// A test image to look inside the network with: its index in the test set and its pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct Inspect {
    pub index: usize,
    pub label: u8,
    pub image: Vec<u8>,
}

/// What the page's cards share: its state, the settings on screen, the training worker.
#[derive(Clone, Copy)]
pub struct Page {
    pub state: RwSignal<PageState>,
    pub config: RwSignal<TrainConfig>,
    /// The device asked for (`None`: the fastest, measured).
    pub backend: RwSignal<Option<BackendKind>>,
    /// The weights of the last run trained in this tab.
    pub trained: RwSignal<Option<Bytes>>,
    /// The weights of the run in progress as of its last snapshot.
    pub snapshot: RwSignal<Option<Bytes>>,
    /// Test images to look for what excites a channel in.
    pub probe: RwSignal<Option<Bytes>>,
    /// A test image picked in a gallery, to look inside the network with.
    pub inspect: RwSignal<Option<Inspect>>,
    pub settings: StoredValue<PageSettings>,
    /// The page's language.
    pub lang: RwSignal<Lang>,
    trainer: StoredValue<Option<WorkerHandle<ToTrainer>>, LocalStorage>,
    /// The checkpoint of a run interrupted on an earlier visit (offered to continue).
    saved_run: StoredValue<Option<Bytes>>,
}

impl Page {
    /// The page's shared state for these URL settings (nothing started yet).
    pub fn new(settings: &PageSettings) -> Self {
        Page {
            state: RwSignal::new(PageState::default()),
            config: RwSignal::new(settings.config.clone()),
            backend: RwSignal::new(settings.backend),
            trained: RwSignal::new(None),
            snapshot: RwSignal::new(None),
            probe: RwSignal::new(None),
            inspect: RwSignal::new(None),
            settings: StoredValue::new(settings.clone()),
            trainer: StoredValue::new_local(None),
            saved_run: StoredValue::new(None),
            lang: RwSignal::new(crate::web::page::lang::initial(settings.lang)),
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
        self.state.update(|s| s.start_run());
        self.send(ToTrainer::Start(config));
    }

    /// (Re)starts the training worker: set-up, data, device; then does `when_ready`.
    pub fn spawn(self, when_ready: WhenReady) {
        self.trainer.set_value(None); // terminates a previous worker
        let settings = self.settings.get_value();
        let errors = self.state.with_untracked(|s| s.errors.clone());
        self.state.set(PageState { errors, when_ready, ..PageState::default() });
        let init = ToTrainer::Init {
            data_url: settings.data_url,
            backend: self.backend.get_untracked(),
            known: crate::web::page::calibrations::remembered_calibrations(),
            tasks_max: settings.tasks_max,
            checkpoint_s: settings.checkpoint_s,
            workers: self.config.get_untracked().workers,
        };
        let on_message = move |msg: FromTrainer| {
            for command in self.state.try_update(|s| s.apply(msg, &init)).unwrap_or_default() {
                self.run(command);
            }
        };
        let on_failure = move |error: AppError, fatal: bool| self.state.update(|s| s.fail(error, fatal));
        match WorkerHandle::spawn(Role::Training, on_message, on_failure) {
            Ok(h) => self.trainer.set_value(Some(h)),
            Err(e) => self.state.update(|s| s.fail(e, true)),
        }
    }

    fn run(&self, command: Command) {
        match command {
            Command::Send(msg) => self.send(msg),
            Command::Start => self.start(),
            Command::UseTrained(weights) => self.trained.set(Some(weights)),
            Command::UseSnapshot(weights) => self.snapshot.set(Some(weights)),
            Command::Probe(images) => self.probe.set(Some(images)),
            Command::Remember(m) => crate::web::page::calibrations::remember_calibration(&m.key, Some(&m.figures)),
            Command::KeepCheckpoint(bytes) => {
                let _ = crate::web::js::idb_put(CHECKPOINT, &js_sys::Uint8Array::from(&bytes[..]));
            }
            Command::ForgetCheckpoint => self.discard_saved_run(),
        }
    }

    /// Continues the run of the checkpoint on offer, with its settings.
    pub fn resume(&self) {
        let Some(bytes) = self.saved_run.get_value() else { return };
        if let Some(config) = self.state.try_update(|s| s.resume_run()).flatten() {
            // The workers set here, not the checkpoint's: the training is the same with any.
            let workers = self.config.get_untracked().workers;
            self.config.set(TrainConfig { workers, ..config });
            self.send(ToTrainer::Continue { checkpoint: bytes, workers });
        }
    }

    /// Forgets the checkpoint of an interrupted run.
    pub fn discard_saved_run(&self) {
        self.saved_run.set_value(None);
        self.state.update(|s| s.resume_offer = None);
        let _ = crate::web::js::idb_delete(CHECKPOINT);
    }

    /// Looks for the checkpoint of a run interrupted on an earlier visit, and offers it.
    pub fn look_for_saved_run(self) {
        let Ok(promise) = crate::web::js::idb_get(CHECKPOINT) else { return };
        wasm_bindgen_futures::spawn_local(async move {
            let Ok(v) = wasm_bindgen_futures::JsFuture::from(promise).await else { return };
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
        });
    }
}
