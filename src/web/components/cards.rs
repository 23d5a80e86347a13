//! The training card: where things stand ([`crate::web::components::status`]), the settings, the
//! network (folded), Start/Pause/Stop with the run's progress, and the run's log to download.
use crate::i18n::K;
use crate::i18n::format::group;
use crate::model::net::NetError;
use crate::page::model_text::{LayerRow, structure};
use crate::page::net_editor::{self, Edit, Kind as EditKind};
use crate::page::status_text::progress_text;
use crate::protocol::training::ToTrainer;
use crate::runs::log::RunLog;
use crate::web::components::context::PageContext;
use crate::web::components::lang::text;
use crate::web::components::settings::SettingsForm;
use leptos::prelude::*;

/// The network layer by layer, folded (its parameter count in the fold's title), and its editor:
/// each layer's text, moved or removed, layers added ([`crate::page::net_editor`]).
#[component]
fn NetworkFold() -> impl IntoView {
    let page = expect_context::<PageContext>();
    let config = page.config;
    let lang = page.lang;
    let problem = RwSignal::new(None::<NetError>);
    let locked = move || page.running();
    let edit = move |e: Edit| match net_editor::apply(&config.get_untracked().net, e) {
        Ok(net) => {
            problem.set(None);
            config.update(|c| c.net = net);
        }
        Err(e) => problem.set(Some(e)),
    };
    let add_kind = RwSignal::new(EditKind::Conv);
    // The network as it trains on the set in use: one output per class.
    let state = page.state;
    let on_set = Memo::new(move |_| {
        let classes = state.with(|s| s.classes().len());
        config.with(|c| c.net.with_classes(classes).unwrap_or_else(|_| c.net.clone()))
    });
    let title = move || lang.get().fill(K::NetworkFold, &[("params", &group(on_set.with(|n| n.param_count())))]);
    let row = move |r: LayerRow, layers: usize| {
        let controls = r.index.map(|i| {
            let n = i + 1;
            let label = move |k: K| lang.get().fill(k, &[("n", &n)]);
            let layer_text = r.text.clone();
            view! {
                <td class="net-edit">
                    <input type="text" class="layer-text" spellcheck="false" data-testid="net-layer" aria-label=move || label(K::NetLayerText)
                        prop:value=layer_text.clone() disabled=locked
                        on:change=move |ev| {
                            edit(Edit::Set(i, event_target_value(&ev)));
                            // Refused: the layer shows what it is again (the problem says why).
                            crate::web::js::set_value(&ev, &layer_text);
                        } />
                    <button class="link" data-testid="net-up" aria-label=move || label(K::NetUp) disabled=move || locked() || i == 0 on:click=move |_| edit(Edit::Up(i))>"↑"</button>
                    <button class="link" data-testid="net-down" aria-label=move || label(K::NetDown) disabled=move || locked() || n == layers on:click=move |_| edit(Edit::Down(i))>"↓"</button>
                    <button class="link" data-testid="net-remove" aria-label=move || label(K::NetRemove) disabled=move || locked() || layers == 1 on:click=move |_| edit(Edit::Remove(i))>"✕"</button>
                </td>
            }
        });
        let (layer, shape) = (r.block.clone(), r.output.clone());
        view! {
            <tr data-layer=layer data-shape=shape data-params=r.params>
                <td>{r.block}</td><td>{r.layers}</td><td><code>{r.output}</code></td><td class="num">{group(r.params)}</td>{controls}
            </tr>
        }
    };
    let rows = move || {
        let (net, dropout) = (on_set.get(), config.with(|c| c.dropout));
        let layers = net.layers().len();
        structure(&net, dropout, lang.get()).into_iter().map(|r| row(r, layers)).collect_view()
    };
    // What the settings cannot start with (a batch too large for the GPU's buffers).
    let refused = move || {
        let e = problem.get().map(|e| e.text(lang.get()));
        e.or_else(|| crate::train::options::validate(&config.get()).err().map(|e| crate::i18n::error_text(lang.get(), &e)))
    };
    view! {
        <details class="network" data-testid="network">
            <summary>{title}</summary>
            <div class="table-wrap">
                <table class="model">
                    <thead><tr><th>{text(K::Block)}</th><th>{text(K::Layers)}</th><th>{text(K::Output)}</th><th>{text(K::ColumnParams)}</th><th></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="net-add">
                <select data-testid="net-add-kind" aria-label=text(K::NetAddKind) disabled=locked on:change=move |ev| add_kind.set(EditKind::parse(&event_target_value(&ev)).unwrap_or(EditKind::Conv))>
                    {EditKind::ALL.map(|k| view! { <option value=k.as_str() selected=move || add_kind.get() == k>{text(kind_label(k))}</option> }).collect_view()}
                </select>" "
                <button class="secondary" data-testid="net-add" disabled=locked on:click=move |_| edit(Edit::Add(add_kind.get_untracked()))>{text(K::NetAdd)}</button>
            </p>
            <p class="small setting-problem" data-testid="net-problem" role="alert">{refused}</p>
            <p class="small muted">{text(K::NetEditorHelp)}</p>
            <p>{text(K::Params)} <strong data-testid="param-count">{move || group(on_set.with(|n| n.param_count()))}</strong></p>
        </details>
    }
}

fn kind_label(k: EditKind) -> K {
    match k {
        EditKind::Conv => K::KindConv,
        EditKind::Pool => K::KindPool,
        EditKind::Dropout => K::KindDropout,
        EditKind::Dense => K::KindDense,
    }
}

#[component]
pub fn TrainingCard() -> impl IntoView {
    let page = expect_context::<PageContext>();
    let state = page.state;
    let running = move || page.running();
    let (train_images, test_images) = page.config.with_untracked(|c| (c.train_images, c.test_images));
    let last_loss = move || state.with(|s| s.losses.last().map(|l| format!("{l:.4}")).unwrap_or_default());
    // The first 20 losses in full precision: lets a test compare backends batch by batch.
    let first_losses = move || state.with(|s| s.losses.iter().take(20).map(|l| l.to_string()).collect::<Vec<_>>().join(","));
    let last_acc = move || state.with(|s| s.evals.last().map(|(_, r)| format!("{:.2}", r.accuracy)).unwrap_or_default());
    let pause = move |_| page.send(if state.with_untracked(|s| s.paused) { ToTrainer::Resume } else { ToTrainer::Pause });
    let offer = move || state.with(|s| s.resume_offer.as_ref().map(|o| (o.epoch, o.batch, o.config.epochs)));
    let lang = page.lang;
    // The run's record, as the tutorial prints it, to download (CSV: every batch; JSON: also the
    // settings, the device and every epoch's test results).
    let download_log = move |json: bool| {
        let log = state.with_untracked(|s| {
            let device = s.device.as_ref().map_or(String::new(), |d| format!("{} ({})", d.name, d.adapter));
            // The workers that shared the batches (1 on a GPU), not the option's "0: auto".
            RunLog::of_run(&page.run_config.get_value(), s.workers.max(1), &device, s.progress.batches_per_epoch, &s.losses, &s.evals)
        });
        crate::web::download::save_log(&log, json, "mnist-run-log");
    };
    view! {
        <section class="card training" id="train">
            <h2>{text(K::Training)}</h2>
            <crate::web::components::status::StatusBlock />
            {move || offer().map(|(epoch, batch, epochs)| view! {
                <div class="resume" role="status">
                    <span>{text(K::Interrupted)}</span>
                    <button data-testid="resume" data-epoch=epoch data-batch=batch on:click=move |_| page.resume() disabled=move || !state.with(|s| s.can_start())>
                        {move || lang.get().fill(K::ResumeRun, &[("epoch", &epoch), ("epochs", &epochs), ("batch", &batch)])}
                    </button>
                    " "
                    <button data-testid="discard" class="secondary" on:click=move |_| page.discard_saved_run()>{text(K::Discard)}</button>
                </div>
            })}
            <div class="buttons run-buttons">
                <button data-testid="train-start" on:click=move |_| page.start() disabled=move || !state.with(|s| s.can_start())>{text(K::Start)}</button>
                <button data-testid="train-pause" on:click=pause disabled=move || !running()>
                    {move || lang.get().text(if state.with(|s| s.paused) { K::Resume } else { K::Pause })}
                </button>
                <button data-testid="train-stop" on:click=move |_| page.send(ToTrainer::Stop) disabled=move || !running()>{text(K::Stop)}</button>
                <crate::web::components::data_sets::DataSetPicker />
            </div>
            <div data-testid="progress" class="progress" data-memory-mb=move || state.with(|s| format!("{:.1}", s.progress.memory_mb))
                data-epoch=move || state.with(|s| s.progress.epoch)
                data-batch=move || state.with(|s| s.batches_done())
                data-done=move || state.with(|s| s.done.to_string())>
                {move || state.with(|s| progress_text(s, lang.get()))}
            </div>
            <div class="figures">
                <div>{text(K::LastLoss)} <strong data-testid="loss" data-first-losses=first_losses>{last_loss}</strong></div>
                <div>{text(K::TestAccuracyIs)} <strong data-testid="test-accuracy">{last_acc}</strong> "%"</div>
            </div>
            <div class="buttons log-buttons">
                <button class="secondary" data-testid="download-log" on:click=move |_| download_log(false) disabled=move || state.with(|s| s.losses.is_empty())>{text(K::DownloadLog)}</button>
                <button class="secondary" data-testid="download-log-json" on:click=move |_| download_log(true) disabled=move || state.with(|s| s.losses.is_empty())>"(JSON)"</button>
            </div>
            <div class="recipe">
                <SettingsForm config=page.config workers=page.workers state=state running=Signal::derive(running) />
                <NetworkFold />
                <p class="small">
                    {text(K::Recipe)}
                    {move || train_images.map(|n| lang.get().fill(K::FirstTrain, &[("n", &n)]))}
                    {move || test_images.map(|n| lang.get().fill(K::FirstTest, &[("n", &n)]))}
                </p>
            </div>
        </section>
    }
}
