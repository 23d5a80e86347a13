//! An experiment: one option and the values to try (the other settings, epochs and images as
//! set above), the tutorial's list of improvements, its optimizers or its network's structure compared; run one after another with the same seed.
use crate::i18n::K;
use crate::runs::experiment::Experiment;
use crate::runs::label::legend;
use crate::train::options::OPTIONS;
use crate::web::components::context::PageContext;
use crate::web::components::lang::text;
use crate::web::components::runs::keeper::RunsPanel;
use leptos::prelude::*;

#[component]
pub fn ExperimentForm() -> impl IntoView {
    let (runs, page) = (expect_context::<RunsPanel>(), expect_context::<PageContext>());
    let lang = page.lang;
    let key = RwSignal::new("dropout".to_string());
    let values = RwSignal::new("0, 0.25, 0.5".to_string());
    let problem = RwSignal::new(None::<String>);
    let idle = move || !page.running() && page.state.with(|s| s.can_start()) && runs.experiment.with(Option::is_none);
    let run = move |_| match Experiment::sweep(&page.config.get_untracked(), &key.get_untracked(), &values.get_untracked()) {
        Ok(e) => {
            problem.set(None);
            runs.start_experiment(page, e);
        }
        Err(why) => problem.set(Some(why)),
    };
    let tutorial = move |_| runs.start_experiment(page, Experiment::tutorial(&page.config.get_untracked()));
    let optimizers = move |_| runs.start_experiment(page, Experiment::optimizers(&page.config.get_untracked()));
    let structures = move |_| runs.start_experiment(page, Experiment::structures(&page.config.get_untracked()));
    let status = move || {
        runs.experiment.with(|e| {
            e.as_ref().map(|e| {
                let names = legend(&e.runs.iter().collect::<Vec<_>>());
                let n = (e.done.len() + 1).min(e.runs.len());
                lang.get().fill(K::ExperimentStatus, &[("n", &n), ("total", &e.runs.len()), ("name", &names[n - 1])])
            })
        })
    };
    let options = OPTIONS.iter().filter(|o| !o.derived && o.recipe);
    view! {
        <div class="experiment small">
            <strong>{text(K::Experiment)}</strong>" "
            {text(K::ExperimentTry)}" "
            <select data-testid="experiment-option" on:change=move |ev| key.set(event_target_value(&ev))>
                {options.map(|o| view! { <option value=o.key selected=o.key == "dropout">{text(o.label)}</option> }).collect_view()}
            </select>" "
            {text(K::ExperimentAt)}" "
            <input data-testid="experiment-values" aria-label=text(K::ExperimentValues) prop:value=move || values.get() on:change=move |ev| values.set(event_target_value(&ev)) />" "
            <button data-testid="experiment-start" on:click=run disabled=move || !idle()>{text(K::ExperimentRun)}</button>
            <p class="ready-experiments">{text(K::ExperimentReady)}" "
                <button class="link" data-testid="experiment-tutorial" on:click=tutorial disabled=move || !idle()>{text(K::ExperimentTutorial)}</button>" · "
                <button class="link" data-testid="experiment-optimizers" on:click=optimizers disabled=move || !idle()>{text(K::ExperimentOptimizers)}</button>" · "
                <button class="link" data-testid="experiment-structures" on:click=structures disabled=move || !idle()>{text(K::ExperimentStructures)}</button>
            </p>
            <p class="muted">{text(K::ExperimentHelp)}</p>
            <p data-testid="experiment-status">{status}{move || problem.get()}" "
                {move || runs.experiment.with(Option::is_some).then(|| view! {
                    <button class="link" data-testid="experiment-cancel" on:click=move |_| runs.cancel_experiment()>{text(K::ExperimentCancel)}</button>
                })}
            </p>
        </div>
    }
}
