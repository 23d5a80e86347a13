//! The page: the training worker's lifecycle and the cards. Components hold signals and markup;
//! what the page does lives in plain types ([`PageState`] and its [`Command`]s, `params`,
//! `protocol`).
use super::benchview::BenchPanel;
use super::cards::{NetworkCard, StatusCard, TrainingCard};
use super::charts::{EpochCharts, LossChart, RateCharts};
use super::draw::DrawPanel;
use super::evalview::EvalPanel;
use super::host::WorkerHandle;
use super::lang::{LangSelect, text};
use crate::backend::BackendKind;
use crate::calibrate::Calibration;
use crate::envelope::Bytes;
use crate::error::AppError;
use crate::i18n::{K, Lang, error_text};
use crate::params::{self, PageSettings};
use crate::protocol::{FromTrainer, Role, ToTrainer};
use crate::state::{Command, PageState, WhenReady};
use crate::train::TrainConfig;
use leptos::prelude::*;

/// The IndexedDB key of the checkpoint of the run in progress.
const CHECKPOINT: &str = "checkpoint";

/// Where the page remembers each adapter's calibration (localStorage key prefix).
const CALIBRATION_PREFIX: &str = "mnist-calibration:";

/// The calibrations remembered from earlier visits.
fn remembered_calibrations() -> super::device::Known {
    let Ok(all) = super::js::helper("storeAll", &[CALIBRATION_PREFIX.into()]) else { return Default::default() };
    js_sys::Object::entries(&all.into())
        .iter()
        .filter_map(|pair| {
            let pair: js_sys::Array = pair.into();
            let figures = serde_json::from_str(&pair.get(1).as_string()?).ok()?;
            Some((pair.get(0).as_string()?, figures))
        })
        .collect()
}

/// Remembers (`Some`) or forgets (`None`) one adapter's calibration.
pub fn remember_calibration(key: &str, figures: Option<&Calibration>) {
    let value = figures.and_then(|f| serde_json::to_string(f).ok()).map_or(wasm_bindgen::JsValue::NULL, Into::into);
    let _ = super::js::helper("storeSet", &[format!("{CALIBRATION_PREFIX}{key}").into(), value]);
}

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
        if let Err(e) = config.validate() {
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
            known: remembered_calibrations(),
            tasks_max: settings.tasks_max,
            checkpoint_s: settings.checkpoint_s,
        };
        let on_message = move |msg: FromTrainer| {
            for command in self.state.try_update(|s| s.apply(msg, &init)).unwrap_or_default() {
                self.run(command);
            }
        };
        let on_failure = move |error: AppError, fatal: bool| self.state.update(|s| s.fail(error, fatal));
        match WorkerHandle::spawn(Role::Trainer, on_message, on_failure) {
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
            Command::Remember(m) => remember_calibration(&m.key, Some(&m.figures)),
            Command::KeepCheckpoint(bytes) => {
                let _ = super::js::helper("idbPut", &[CHECKPOINT.into(), js_sys::Uint8Array::from(&bytes[..]).into()]);
            }
            Command::ForgetCheckpoint => self.discard_saved_run(),
        }
    }

    /// Continues the run of the checkpoint on offer, with its settings.
    pub fn resume(&self) {
        let Some(bytes) = self.saved_run.get_value() else { return };
        if let Some(config) = self.state.try_update(|s| s.resume_run()).flatten() {
            self.config.set(config);
            self.send(ToTrainer::Continue { checkpoint: bytes });
        }
    }

    /// Forgets the checkpoint of an interrupted run.
    pub fn discard_saved_run(&self) {
        self.saved_run.set_value(None);
        self.state.update(|s| s.resume_offer = None);
        let _ = super::js::helper("idbDelete", &[CHECKPOINT.into()]);
    }

    /// Looks for the checkpoint of a run interrupted on an earlier visit, and offers it.
    fn look_for_saved_run(self) {
        let Ok(promise) = super::js::helper("idbGet", &[CHECKPOINT.into()]) else { return };
        wasm_bindgen_futures::spawn_local(async move {
            let Ok(v) = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise)).await else { return };
            if v.is_null() {
                return;
            }
            let bytes = js_sys::Uint8Array::new(&v).to_vec();
            match crate::checkpoint::Checkpoint::decode("the run saved on an earlier visit", &bytes) {
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

#[component]
pub fn App() -> impl IntoView {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let (settings, url_error) = match params::parse_query(&search) {
        Ok(s) => (s, None),
        Err(e) => (PageSettings::default(), Some(e)),
    };
    let wasm_start_ms = super::js::now_ms();
    let page = Page {
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
        lang: RwSignal::new(super::lang::initial(settings.lang)),
    };
    super::lang::provide(page.lang);
    page.look_for_saved_run();
    let bench_batches = (settings.bench == Some(crate::bench::BenchKind::Train)).then_some(settings.bench_count);
    page.spawn(WhenReady { autostart: settings.autostart, bench_batches });
    if let Some(e) = url_error {
        page.state.update(|s| s.errors.push(e));
    }
    // The augmentation preview follows the ranges (once the data is there).
    let ready = Memo::new(move |_| page.state.with(|s| s.data.is_some()));
    let preview_of = Memo::new(move |_| page.config.with(|c| (c.augment, c.seed)));
    Effect::new(move |_| {
        let (augment, seed) = preview_of.get();
        if ready.get() && augment.is_on() {
            page.send(ToTrainer::Preview { augment, seed });
        }
    });
    let model_ready: RwSignal<Option<f64>> = RwSignal::new(None);
    let state = page.state;
    let lang = page.lang;
    view! {
        <header>
            <LangSelect in_url=settings.lang.is_some() />
            <h1>{text(K::Title)}</h1>
            <p class="sub">{text(K::Subtitle)}</p>
        </header>
        {settings.bench.map(|kind| view! { <BenchPanel kind=kind count=settings.bench_count state=state model_ready=model_ready wasm_start_ms=wasm_start_ms /> })}
        <DrawPanel page=page model_ready=model_ready />
        <StatusCard page=page />
        <div class="grid">
            <NetworkCard page=page />
            <TrainingCard page=page />
        </div>
        <div class="grid">
            <section class="card"><h2>{text(K::LossPerBatch)}</h2><LossChart state=state /><RateCharts state=state /></section>
            <section class="card"><h2>{text(K::TestAfterEpoch)}</h2><EpochCharts state=state /></section>
        </div>
        <section class="card"><h2>{text(K::WhatGoesWrong)}</h2><EvalPanel state=state inspect=page.inspect /></section>
        <section data-testid="error" class="errors" role="alert">
            {move || state.with(|s| s.errors.iter().map(|e| view! { <p>{error_text(lang.get(), e)}</p> }).collect_view())}
        </section>
    }
}
