//! The model that reads the canvas: where it came from (`model-source`), switching to another
//! (`model-select`), Download weights (safetensors, `save-weights`; PyTorch's `.pth`, `save-pth`),
//! its network as PyTorch code (`save-pytorch`), Load weights… (also by dropping a file on the
//! panel), and why a file was refused (`model-error`).
use crate::i18n::K;
use crate::page::model_text::about_text;
use crate::page::status_text::refusal_text;
use crate::protocol::prediction::ModelSource;
use crate::web::components::draw::control::DrawControl;
use crate::web::components::lang::text;
use crate::web::js;
use leptos::html::Input;
use leptos::prelude::*;

/// A file chosen with "Load weights…" or dropped on the panel: safetensors or PyTorch .pth.
pub fn load_from(r: DrawControl, picked: wasm_bindgen::JsValue) {
    let read = crate::web::components::draw::weights_source::read_file(picked, crate::weights::file::MAX_BYTES);
    wasm_bindgen_futures::spawn_local(async move {
        match read.await {
            Ok(Some((name, weights))) => r.offer(ModelSource::Loaded, &name, weights),
            Ok(None) => {}
            Err(e) => r.message.set(Some((e, r.source.get_untracked().is_some()))),
        }
    });
}

fn source_key(source: Option<ModelSource>) -> K {
    match source {
        None => K::Loading,
        Some(ModelSource::Pretrained) => K::SourcePretrained,
        Some(ModelSource::Trained) => K::SourceTrained,
        Some(ModelSource::Training) => K::SourceTraining,
        Some(ModelSource::Loaded) => K::SourceLoaded,
    }
}

#[component]
pub fn ModelPicker(r: DrawControl) -> impl IntoView {
    let lang = crate::web::components::lang::lang();
    let file = NodeRef::<Input>::new();
    let source = r.source;
    let source_text = move || lang.get().text(source_key(source.get()));
    // The built-in models go by their source's name; a loaded file by its own.
    let note = move || {
        let src = source.get()?;
        if src == ModelSource::Training {
            return Some(format!(" — {}", lang.get().text(K::AboutTraining)));
        }
        let mut a = r.about.get()?;
        if src != ModelSource::Loaded {
            a.name = source_text().into();
        }
        Some(format!(" — {}", about_text(&a, lang.get())))
    };
    // The same weights as PyTorch's .pth, and the network as the nn.Module they load into.
    let save_torch = move |code: bool| {
        let Some((weights, src)) = r.state.with_value(|s| s.models.current.as_ref().map(|o| (o.weights.clone(), o.source))) else { return };
        let Ok(file) = crate::weights::file::decode("the model", &weights) else { return };
        let pth = format!("mnist-cnn-{}.pth", src.as_str());
        let (bytes, name) = if code {
            let names = crate::data::classes::kept_or_numbered(file.metadata.get("classes").map(String::as_str), file.net.classes());
            (crate::weights::torch_code::module_named(&file.net, &pth, &names).into_bytes(), format!("mnist_cnn_{}.py", src.as_str()))
        } else {
            (crate::weights::torch_save::write(&crate::weights::state_dict::StateDict::from_flat(&file.net, &file.flat)), pth)
        };
        let _ = js::save_file(&js_sys::Uint8Array::from(&bytes[..]), &name);
    };
    let save = move |_| {
        if let Some((weights, src)) = r.state.with_value(|s| s.models.current.as_ref().map(|o| (o.weights.clone(), o.source))) {
            let name = format!("mnist-cnn-{}.safetensors", src.as_str());
            let _ = js::save_file(&js_sys::Uint8Array::from(&weights[..]), &name);
        }
    };
    let load = move |_| {
        let Some(input) = file.get_untracked() else { return };
        load_from(r, input.clone().into());
        input.set_value("");
    };
    let use_model = move |ev: web_sys::Event| {
        r.follow_training(false);
        let pick = match event_target_value(&ev).as_str() {
            "pretrained" => r.state.with_value(|s| s.models.pretrained.clone()).map(|w| (ModelSource::Pretrained, w)),
            "trained" => r.state.with_value(|s| s.models.trained.clone()).map(|w| (ModelSource::Trained, w)),
            _ => None,
        };
        if let Some((src, weights)) = pick {
            r.offer(src, src.as_str(), weights);
        }
    };
    let option = move |src: ModelSource, key: K, enabled: Signal<bool>| {
        view! { <option value=src.as_str() disabled=move || !enabled.get() selected=move || source.get() == Some(src)>{text(key)}</option> }
    };
    let (yes, no) = (Signal::derive(|| true), Signal::derive(|| false));
    view! {
        <div class="model-row">
            {text(K::Model)} <strong data-testid="model-source" data-source=move || source.get().map_or("loading", |s| s.as_str())>{source_text}</strong>
            <span class="small">{note}</span>
            <label class="inline">{text(K::Use)}
                <select data-testid="model-select" on:change=use_model>
                    {option(ModelSource::Pretrained, K::SourcePretrained, yes)}
                    {option(ModelSource::Training, K::SourceTraining, no)}
                    {option(ModelSource::Trained, K::TrainedHere, r.trained_available.into())}
                    {option(ModelSource::Loaded, K::FromFile, no)}
                </select>
            </label>
        </div>
        <div class="buttons">
            <button data-testid="save-weights" on:click=save disabled=move || source.get().is_none()>{text(K::DownloadWeights)}</button>
            <span class="torch-links">
                <button class="link" data-testid="save-pth" on:click=move |_| save_torch(false) disabled=move || source.get().is_none()>{text(K::DownloadPth)}</button>" · "
                <button class="link" data-testid="save-pytorch" on:click=move |_| save_torch(true) disabled=move || source.get().is_none()>{text(K::DownloadPytorch)}</button>
            </span>
            <label class="file">{text(K::LoadWeights)} <input node_ref=file type="file" accept=".safetensors,.pth,.pt" data-testid="load-weights" on:change=load /></label>
            <span class="small">{text(K::WeightsHint)}</span>
        </div>
        <p data-testid="model-error" class="model-error" role="alert">{move || r.message.with(|m| m.as_ref().map(|(e, kept)| refusal_text(e, *kept, lang.get())))}</p>
    }
}
