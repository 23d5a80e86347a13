//! The runs panel: a table of every kept run (name, what differs from the defaults, best and
//! final test accuracy, time, device) to rename, pin, delete, download and reuse; a checkbox per
//! run selects it for the comparison below; run logs can be imported beside them.
use crate::i18n::{K, format::duration};
use crate::runs::label::{DEFAULTS, settings_name};
use crate::runs::log::RunLog;
use crate::runs::record::RunRecord;
use crate::web::components::context::PageContext;
use crate::web::components::lang::text;
use crate::web::components::runs::compare_view::CompareView;
use crate::web::components::runs::experiment_form::ExperimentForm;
use crate::web::components::runs::keeper::{Note, RunsPanel};
use crate::web::components::runs::store;
use leptos::prelude::*;
use wasm_bindgen_futures::spawn_local;

/// Downloads a kept run's log (every batch's loss when it was kept, else the thinned curve).
fn download(r: RunRecord, json: bool) {
    spawn_local(async move {
        let losses = store::load_losses(&r.id).await.unwrap_or_else(|| r.losses.iter().map(|p| p.1).collect());
        crate::web::download::save_log(&RunLog::of_record(&r, &losses), json, &format!("mnist-{}", r.id));
    });
}

/// Uses a kept run's weights to read the canvas.
fn use_weights(page: PageContext, r: RunRecord) {
    spawn_local(async move {
        if let Some(w) = store::load_weights(&r.id).await {
            page.use_weights.set(Some((r.name.clone(), w.into())));
        }
    });
}

fn import(runs: RunsPanel, picked: wasm_bindgen::JsValue, page: PageContext) {
    let read = crate::web::components::draw::weights_source::read_file(picked, crate::runs::import::MAX_LOG_BYTES);
    spawn_local(async move {
        let (name, bytes) = match read.await {
            Ok(Some(picked)) => picked,
            Ok(None) => return,
            Err(e) => return page.state.update(|s| s.errors.push(e)),
        };
        match crate::runs::import::read(&name, &String::from_utf8_lossy(&bytes), js_sys::Date::now()) {
            Ok(record) => {
                let _ = store::save_run(&record).await;
                runs.list.update(|l| l.push(record));
            }
            Err(e) => page.state.update(|s| s.errors.push(e)),
        }
    });
}

#[component]
fn RunRow(r: RunRecord) -> impl IntoView {
    let (runs, page) = (expect_context::<RunsPanel>(), expect_context::<PageContext>());
    let lang = page.lang;
    let id = r.id.clone();
    let selected = {
        let id = id.clone();
        move || runs.selected.with(|s| s.contains(&id))
    };
    let toggle = {
        let id = id.clone();
        move |_| runs.selected.update(|s| if s.contains(&id) { s.retain(|x| *x != id) } else { s.push(id.clone()) })
    };
    let rename = {
        let id = id.clone();
        move |ev| {
            let (id, name) = (id.clone(), event_target_value(&ev));
            spawn_local(async move { runs.update(&id, |r| r.name = name).await });
        }
    };
    let pin = {
        let (id, pinned) = (id.clone(), r.pinned);
        move |_| {
            let id = id.clone();
            spawn_local(async move { runs.update(&id, |r| r.pinned = !pinned).await });
        }
    };
    let (best, last) = r.accuracy().map_or((String::new(), String::new()), |(b, l)| (format!("{b:.2}"), format!("{l:.2}")));
    let (csv, json, reuse, delete) = (r.clone(), r.clone(), r.clone(), id.clone());
    let select_name = r.name.clone();
    view! {
        <tr data-run=id.clone() class:pinned=r.pinned>
            <td><input type="checkbox" data-testid="run-select" aria-label=move || lang.get().fill(K::SelectRun, &[("name", &select_name)]) prop:checked=selected on:change=toggle /></td>
            <td><input class="run-name" data-testid="run-name" aria-label=text(K::RunName) value=r.name.clone() on:change=rename /></td>
            <td class="small">{move || Some(settings_name(&r.settings)).map(|d| if d == DEFAULTS { lang.get().text(K::RunDefaults).to_string() } else { d }).unwrap_or_default()}</td>
            <td data-testid="run-best">{best}</td>
            <td data-testid="run-final">{last}</td>
            <td class="small">{move || duration(r.seconds, lang.get())}</td>
            <td class="small">{r.device.clone()}</td>
            <td class="actions">
                <button class="link" data-testid="run-pin" aria-label=text(K::RunPin) on:click=pin>{move || if r.pinned { "★" } else { "☆" }}</button>
                <button class="link" data-testid="run-download" on:click=move |_| download(csv.clone(), false)>"CSV"</button>" "
                <button class="link" data-testid="run-download-json" on:click=move |_| download(json.clone(), true)>"JSON"</button>" "
                {r.has_weights.then(|| view! { <button class="link" data-testid="run-use" on:click=move |_| use_weights(page, reuse.clone())>{text(K::RunUse)}</button> })}
                <button class="link" data-testid="run-delete" on:click=move |_| runs.delete(delete.clone())>{text(K::RunDelete)}</button>
            </td>
        </tr>
    }
}

#[component]
pub fn RunsPanel() -> impl IntoView {
    let (runs, page) = (expect_context::<RunsPanel>(), expect_context::<PageContext>());
    let lang = page.lang;
    let note = move || {
        runs.note.get().map(|n| match n {
            Note::Dropped(names) => lang.get().fill(K::RunsDropped, &[("runs", &names.join(", "))]),
            Note::NotKept(why) => lang.get().fill(K::RunsNotKept, &[("why", &why)]),
        })
    };
    view! {
        <section class="card runs" id="runs" data-testid="runs">
            <h2>{text(K::Runs)}</h2>
            <p class="small">{text(K::RunsHelp)}</p>
            <div class="runs-tools small">
                <label><input type="checkbox" data-testid="keep-weights" prop:checked=move || runs.keep_weights.get() on:change=move |ev| runs.keep_weights.set(event_target_checked(&ev)) />" " {text(K::KeepWeights)}</label>
                <label class="file">{text(K::ImportLog)} <input type="file" accept=".csv,.json" data-testid="runs-import" on:change=move |ev| import(runs, ev.target().map(Into::into).unwrap_or_default(), page) /></label>
            </div>
            <p class="small" data-testid="runs-note">{note}</p>
            <Show when=move || runs.list.with(Vec::is_empty)>
                <p class="small" data-testid="runs-none">{text(K::NoRunsYet)}</p>
            </Show>
            <div class="table-wrap" class:none=move || runs.list.with(Vec::is_empty)>
                <table class="runs-table">
                    <thead><tr><th></th><th>{text(K::RunName)}</th><th>{text(K::RunSettings)}</th><th>{text(K::RunBest)}</th><th>{text(K::RunFinal)}</th><th>{text(K::RunTime)}</th><th>{text(K::RunDevice)}</th><th></th></tr></thead>
                    <tbody>
                        <For each=move || runs.list.get() key=|r| format!("{}-{}-{}-{}", r.id, r.name, r.pinned, r.has_weights) let:r>
                            <RunRow r=r />
                        </For>
                    </tbody>
                </table>
            </div>
            <ExperimentForm />
            <CompareView />
        </section>
    }
}
