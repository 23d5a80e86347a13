//! The data set runs train on: MNIST, or a set of one's own — its files picked (`load-data`) or
//! dropped anywhere on the page, EMNIST's transposition (`data-transposed`), the sets kept in
//! this browser to switch between (`data-set-select`) and delete (`data-set-delete`), and the
//! set in use with its classes (`data-set`).
use crate::base::envelope::Bytes;
use crate::base::error::AppError;
use crate::data::idx::MAX_DECOMPRESSED;
use crate::i18n::K;
use crate::i18n::format::group;
use crate::web::components::context::PageContext;
use crate::web::components::lang::text;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Files read at most from one pick or drop (a set's four and its names, and a few strays).
const MAX_FILES: usize = 8;

/// The files of an `<input type=file multiple>` or a drop event, each its name and bytes; a file
/// larger than [`MAX_DECOMPRESSED`] is refused by its size, before a byte is copied. The files
/// are taken at once (the input may be cleared right after); their bytes arrive later.
fn read_files(source: &wasm_bindgen::JsValue) -> impl std::future::Future<Output = Result<Vec<(String, Bytes)>, AppError>> + use<> {
    let unread = |e: wasm_bindgen::JsValue| AppError::Io(format!("could not read the files: {}", crate::web::js::message(&e)));
    let promise = crate::web::js::read_files(source, MAX_DECOMPRESSED as f64, MAX_FILES as u32).map_err(unread);
    async move { collect(JsFuture::from(promise?).await.map_err(unread)?) }
}

fn collect(list: wasm_bindgen::JsValue) -> Result<Vec<(String, Bytes)>, AppError> {
    let mut files = Vec::new();
    for v in js_sys::Array::from(&list).iter() {
        let get = |k: &str| js_sys::Reflect::get(&v, &k.into()).unwrap_or_default();
        let name = get("name").as_string().unwrap_or_default();
        if get("bytes").is_undefined() {
            return Err(AppError::TooLarge { name, max_mb: (MAX_DECOMPRESSED >> 20) as u64 });
        }
        files.push((name, js_sys::Uint8Array::new(&get("bytes")).to_vec().into()));
    }
    Ok(files)
}

/// Whether dropped files are a set's (any of them named as a set's part, or class names).
fn looks_like_a_set(names: &[String]) -> bool {
    names.iter().any(|n| crate::data::own_set::role(n).is_some() || n.to_ascii_lowercase().ends_with(".txt"))
}

/// The name of the class names typed on the page, as the set's files are given.
const TYPED: &str = "names (typed).txt";

/// Reads the files of `source` and trains on their set, with the class names typed in `typed`
/// when no file gives them (when `only_sets`, files that are no set's are left alone: a drop
/// meant for something else).
fn load(page: PageContext, source: wasm_bindgen::JsValue, transposed: bool, only_sets: bool, typed: String) {
    let names = crate::web::js::file_names(&source).unwrap_or_default();
    if names.is_empty() || (only_sets && !looks_like_a_set(&names)) {
        return;
    }
    let read = read_files(&source);
    wasm_bindgen_futures::spawn_local(async move {
        match read.await {
            Ok(mut files) => {
                let named = files.iter().any(|(n, _)| n.to_ascii_lowercase().ends_with(".txt"));
                if !named && !typed.trim().is_empty() {
                    // Commas or lines between the names.
                    files.push((TYPED.into(), typed.split([',', '\n']).map(str::trim).collect::<Vec<_>>().join("\n").into_bytes().into()));
                }
                page.use_set(files, transposed.then_some(true))
            }
            Err(e) => page.state.update(|s| s.errors.push(e)),
        }
    });
}

/// Files dropped anywhere on the page but on a place of its own (the canvas takes weights):
/// a set's are trained on.
pub fn listen_for_dropped_sets(page: PageContext, transposed: RwSignal<bool>, typed: RwSignal<String>) {
    let over = window_event_listener(leptos::ev::dragover, |ev| ev.prevent_default());
    let dropped = window_event_listener(leptos::ev::drop, move |ev: web_sys::DragEvent| {
        // Taken by a place of its own (the canvas), dropped on a field, or not a set's files:
        // left to the browser and that place.
        let on_input = ev
            .target()
            .is_some_and(|t| t.dyn_ref::<web_sys::HtmlInputElement>().is_some() || t.dyn_ref::<web_sys::HtmlTextAreaElement>().is_some());
        let source: wasm_bindgen::JsValue = ev.clone().into();
        let names = crate::web::js::file_names(&source).unwrap_or_default();
        if ev.default_prevented() || on_input || !looks_like_a_set(&names) || page.running() {
            return;
        }
        ev.prevent_default();
        load(page, source, transposed.get_untracked(), true, typed.get_untracked());
    });
    // (For the page's life.)
    std::mem::forget((over, dropped));
}

#[component]
pub fn DataSetPicker() -> impl IntoView {
    let page = expect_context::<PageContext>();
    let (transposed, typed) = (RwSignal::new(false), RwSignal::new(String::new()));
    listen_for_dropped_sets(page, transposed, typed);
    let (state, lang) = (page.state, page.lang);
    let in_use = Memo::new(move |_| state.with(|s| s.set.as_ref().map(crate::page::kept_sets::key)));
    let running = move || state.with(|s| s.running);
    let picked = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        load(page, input.clone().into(), transposed.get_untracked(), false, typed.get_untracked());
        input.set_value("");
    };
    let switch = move |ev: leptos::ev::Event| match event_target_value(&ev).as_str() {
        "mnist" => page.use_mnist(),
        hash => page.use_kept_set(hash.to_string()),
    };
    let summary = move || {
        state.with(|s| {
            let name = s.set.as_ref().map_or_else(|| "MNIST".to_string(), |s| s.name.clone());
            lang.get().fill(K::DataInUse, &[("name", &name), ("classes", &s.classes().join(" · "))])
        })
    };
    let fold_title = move || {
        state.with(|s| {
            let name = s.set.as_ref().map_or_else(|| "MNIST".to_string(), |s| s.name.clone());
            lang.get().fill(K::DataFold, &[("name", &name), ("classes", &s.classes().len())])
        })
    };
    view! {
        <details class="data-set" data-testid="data-fold">
            <summary>{fold_title}</summary>
            <div class="data-panel">
            <label>{text(K::DataSet)} " "
                <select data-testid="data-set-select" disabled=running on:change=switch prop:value=move || in_use.get().unwrap_or_else(|| "mnist".into())>
                    <option value="mnist" selected=move || in_use.get().is_none()>{text(K::DataMnist)}</option>
                    {move || page.kept_sets.get().into_iter().map(|k| {
                        let hash = crate::page::kept_sets::key(&k.id);
                        let label = lang.get().fill(K::DataSetOption, &[("name", &k.id.name), ("train", &group(k.id.train)), ("test", &group(k.test)), ("classes", &k.id.classes.len())]);
                        view! { <option value=hash.clone() selected=move || in_use.get().as_deref() == Some(hash.as_str())>{label}</option> }
                    }).collect_view()}
                </select>
            </label>
            " "
            <button class="link" data-testid="data-set-delete" disabled=move || running() || in_use.with(Option::is_none)
                on:click=move |_| if let Some(hash) = in_use.get_untracked() { page.forget_set(&hash); page.use_mnist(); }>{text(K::DataSetDelete)}</button>
            <p class="small" data-testid="data-set" data-name=move || state.with(|s| s.set.as_ref().map_or("MNIST".into(), |s| s.name.clone()))
                data-hash=move || state.with(|s| s.set.as_ref().map(|s| s.hash.clone()).unwrap_or_default()) data-classes=move || state.with(|s| s.classes().join("|"))>{summary}</p>
            <label class="small">{text(K::LoadData)} " "
                <input type="file" multiple data-testid="load-data" disabled=running accept=".gz,.txt,application/gzip,application/octet-stream,text/plain" on:change=picked />
            </label>
            <br />
            <label class="small">{text(K::DataNames)} " "
                <input type="text" data-testid="data-names" spellcheck="false" placeholder="T-shirt, Trouser, Pullover, …"
                    prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
            </label>
            " "
            <label class="small"><input type="checkbox" data-testid="data-transposed" prop:checked=move || transposed.get()
                on:change=move |ev| transposed.set(event_target_checked(&ev)) />{text(K::DataTransposed)}</label>
            </div>
        </details>
    }
}
