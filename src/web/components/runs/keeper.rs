//! What the runs panel shares ([`RunsPanel`], provided once by the page): the kept runs, which are
//! selected, whether weights are kept, the experiment in progress; and what keeps them — each
//! run that ends is stored with its losses (and weights), an experiment goes on to its next run,
//! and one interrupted by a reload continues where it was.
use crate::runs::experiment::{After, Experiment};
use crate::runs::record::{RunRecord, make_room};
use crate::web::components::context::PageContext;
use crate::web::components::runs::store;
use leptos::prelude::*;
use wasm_bindgen_futures::spawn_local;

/// What the panel says about the runs' storage.
#[derive(Clone, Debug, PartialEq)]
pub enum Note {
    /// These runs' weights were dropped to make room for a new run's.
    Dropped(Vec<String>),
    /// The browser refused to store something of a run (its words).
    NotKept(String),
}

#[derive(Clone, Copy)]
pub struct RunsPanel {
    pub list: RwSignal<Vec<RunRecord>>,
    pub selected: RwSignal<Vec<String>>,
    pub keep_weights: RwSignal<bool>,
    pub experiment: RwSignal<Option<Experiment>>,
    /// What happened to the runs' storage.
    pub note: RwSignal<Option<Note>>,
    /// The run whose weights are still to come (they follow its end).
    awaiting_weights: StoredValue<Option<String>>,
    /// An experiment interrupted by a reload has been continued.
    continued: StoredValue<bool>,
    /// The run going on in this tab is the experiment's (only such a run counts for it).
    experiment_run: StoredValue<bool>,
}

impl RunsPanel {
    /// Loads the kept runs and the experiment in progress; keeps every run that ends.
    pub fn provide(page: PageContext) -> RunsPanel {
        let runs = RunsPanel {
            list: RwSignal::new(Vec::new()),
            selected: RwSignal::new(Vec::new()),
            keep_weights: RwSignal::new(true),
            experiment: RwSignal::new(None),
            note: RwSignal::new(None),
            awaiting_weights: StoredValue::new(None),
            continued: StoredValue::new(false),
            experiment_run: StoredValue::new(false),
        };
        provide_context(runs);
        spawn_local(async move {
            runs.list.set(store::load_runs().await);
            runs.experiment.set(store::load_experiment().await);
        });
        Effect::new(move |_| {
            if let Some(record) = page.finished.get() {
                runs.keep(page, record);
            }
        });
        Effect::new(move |_| {
            if let Some(weights) = page.trained.get()
                && let Some(id) = runs.awaiting_weights.try_update_value(Option::take).flatten()
            {
                spawn_local(runs.keep_weights_of(id, weights.to_vec()));
            }
        });
        Effect::new(move |_| runs.continue_experiment(page));
        runs
    }

    fn keep(self, page: PageContext, record: RunRecord) {
        let losses = page.state.with_untracked(|s| s.losses.clone());
        if self.keep_weights.get_untracked() {
            self.awaiting_weights.set_value(Some(record.id.clone()));
        }
        self.list.update(|l| {
            l.retain(|r| r.id != record.id);
            l.push(record.clone());
        });
        self.next_in_experiment(page, &record);
        spawn_local(async move {
            let id = record.id.clone();
            if let Err(why) =
                self.make_room(&id, || async { store::save_run(&record).await.and(store::save_losses(&id, &losses).await) }).await
            {
                self.note.set(Some(Note::NotKept(format!("{}: {why}", record.name))));
            }
        });
    }

    /// Stores a run's weights (when storage is full, others' weights make room).
    async fn keep_weights_of(self, id: String, weights: Vec<u8>) {
        match self.make_room(&id, || store::save_weights(&id, &weights)).await {
            Ok(()) => self.update(&id, |r| r.has_weights = true).await,
            Err(why) => self.note.set(Some(Note::NotKept(why))),
        }
    }

    /// Does `write`; while the browser says its storage is full, the oldest unpinned runs'
    /// weights (not run `id`'s) go first, one at a time, and it tries again ([`make_room`]).
    /// Says what went.
    async fn make_room<F: std::future::Future<Output = Result<(), String>>>(self, id: &str, write: impl Fn() -> F) -> Result<(), String> {
        let mut runs = self.list.get_untracked();
        let (result, dropped) = make_room(&mut runs, id, write, |victim| async move { store::drop_weights(&victim).await }).await;
        let mut names = Vec::new();
        for victim in dropped {
            self.update(&victim, |r| r.has_weights = false).await;
            names.push(self.list.with_untracked(|l| l.iter().find(|r| r.id == victim).map(|r| r.name.clone()).unwrap_or(victim)));
        }
        if !names.is_empty() {
            self.note.set(Some(Note::Dropped(names)));
        }
        result
    }

    /// Changes a kept run (on screen and in storage).
    pub async fn update(self, id: &str, change: impl FnOnce(&mut RunRecord)) {
        let mut changed = None;
        self.list.update(|l| {
            if let Some(r) = l.iter_mut().find(|r| r.id == id) {
                change(r);
                changed = Some(r.clone());
            }
        });
        if let Some(r) = changed {
            let _ = store::save_run(&r).await;
        }
    }

    /// Deletes a kept run: from storage first, then from the list (a reload at once does not
    /// bring it back).
    pub fn delete(self, id: String) {
        spawn_local(async move {
            store::delete_run(&id).await;
            self.list.update(|l| l.retain(|r| r.id != id));
            self.selected.update(|s| s.retain(|r| *r != id));
        });
    }

    /// Starts an experiment's first run.
    pub fn start_experiment(self, page: PageContext, experiment: Experiment) {
        let Some(first) = experiment.next().cloned() else { return };
        self.experiment.set(Some(experiment.clone()));
        self.continued.set_value(true);
        self.experiment_run.set_value(true);
        spawn_local(async move { store::save_experiment(Some(&experiment)).await });
        page.config.set(first);
        page.start();
    }

    /// Forgets the experiment (the run going on, if any, goes on as a plain run).
    pub fn cancel_experiment(self) {
        self.experiment.set(None);
        self.experiment_run.set_value(false);
        spawn_local(async move { store::save_experiment(None).await });
    }

    /// After a run of an experiment: the next one, or the comparison of them all. A run the user
    /// stopped ends the experiment.
    fn next_in_experiment(self, page: PageContext, record: &RunRecord) {
        if !self.experiment_run.try_update_value(std::mem::take).unwrap_or(false) {
            return;
        }
        let Some(mut e) = self.experiment.get_untracked() else { return };
        match e.after(record.outcome, record.id.clone()) {
            After::Next(config) => {
                self.experiment_run.set_value(true);
                self.experiment.set(Some(e.clone()));
                spawn_local(async move { store::save_experiment(Some(&e)).await });
                page.config.set(config);
                page.start();
            }
            After::Done { compare } => {
                self.selected.set(compare);
                self.experiment.set(None);
                spawn_local(async move { store::save_experiment(None).await });
            }
        }
    }

    /// An experiment interrupted by a reload: once the page is ready, its run continues from
    /// the checkpoint (or the next run starts).
    fn continue_experiment(self, page: PageContext) {
        let ready = page.state.with(|s| s.can_start()) && page.looked_for_saved_run.get();
        let Some(e) = self.experiment.get().filter(|_| ready && !self.continued.get_value()) else { return };
        self.continued.set_value(true);
        self.experiment_run.set_value(true);
        if page.state.with_untracked(|s| s.resume_offer.is_some()) {
            page.resume();
        } else if let Some(config) = e.next().cloned() {
            page.config.set(config);
            page.start();
        }
    }
}
