//! The training settings: the tutorial's recipe plus its improvements (network variant,
//! dropout, augmentation with a preview, step schedule), mirrored into the page's URL.
use super::draw::helper;
use super::thumb::Thumb;
use crate::arch::Arch;
use crate::augment::{Augment, PREVIEW_COPIES};
use crate::params::{config_query, CONFIG_KEYS};
use crate::state::PageState;
use crate::train::TrainConfig;
use leptos::prelude::*;

/// A number input bound to one field of the config.
fn number<T>(id: &'static str, label: &'static str, step: &'static str, config: RwSignal<TrainConfig>, get: fn(&TrainConfig) -> T, set: fn(&mut TrainConfig, T), disabled: Signal<bool>) -> impl IntoView
where
    T: std::str::FromStr + ToString + Send + Sync + 'static,
{
    view! {
        <label>{label} " "
            <input type="number" step=step data-testid=id prop:value=move || config.with(|c| get(c).to_string()) disabled=disabled
                on:change=move |ev| {
                    if let Ok(v) = event_target_value(&ev).trim().parse::<T>() {
                        config.update(|c| set(c, v))
                    }
                } />
        </label>
    }
}

#[component]
pub fn Settings(config: RwSignal<TrainConfig>, state: RwSignal<PageState>, running: Signal<bool>) -> impl IntoView {
    // The address bar always links to the settings on screen.
    Effect::new(move |_| {
        let q = config.with(config_query);
        let _ = helper("setParams", &[CONFIG_KEYS.join(",").into(), q.into()]);
    });
    let no_augment = Signal::derive(move || running.get() || !config.with(|c| c.augment.is_on()));
    let on_arch = move |ev: web_sys::Event| {
        if let Some(a) = Arch::parse(&event_target_value(&ev)) {
            config.update(|c| c.arch = a);
        }
    };
    let on_augment = move |ev: web_sys::Event| {
        let on = event_target_checked(&ev);
        config.update(|c| c.augment = if on { Augment::STANDARD } else { Augment::default() });
    };
    let preview = Memo::new(move |_| state.with(|s| s.preview.clone()));
    view! {
        <div class="settings">
            {number("setting-epochs", "Epochs", "1", config, |c| c.epochs, |c, v| c.epochs = v, running)}
            {number("setting-batch", "Batch size", "1", config, |c| c.batch, |c, v| c.batch = v, running)}
            {number("setting-lr", "Learning rate", "0.0001", config, |c| c.lr, |c, v| c.lr = v, running)}
            {number("setting-seed", "Seed", "1", config, |c| c.seed, |c, v| c.seed = v, running)}
        </div>
        <div class="settings">
            <label>"Network "
                <select data-testid="setting-arch" on:change=on_arch disabled=running>
                    {Arch::ALL.map(|a| view! { <option value=a.as_str() selected=move || config.with(|c| c.arch == a)>{format!("{} ({} parameters)", a.as_str(), super::app::group(a.param_count()))}</option> })}
                </select>
            </label>
            {number("setting-dropout", "Dropout rate", "0.05", config, |c| c.dropout, |c, v| c.dropout = v, running)}
        </div>
        <div class="settings">
            {number("setting-lr-step", "LR step (epochs, 0 = off)", "1", config, |c| c.lr_step, |c, v| c.lr_step = v, running)}
            {number("setting-lr-gamma", "× gamma", "0.05", config, |c| c.lr_gamma, |c, v| c.lr_gamma = v, running)}
        </div>
        <div class="settings">
            <label><input type="checkbox" data-testid="setting-augment" prop:checked=move || config.with(|c| c.augment.is_on()) on:change=on_augment disabled=running />" Augment training images"</label>
            {number("setting-rotate", "± degrees", "1", config, |c| c.augment.rotate, |c, v| c.augment.rotate = v, no_augment)}
            {number("setting-shift", "± pixels", "0.5", config, |c| c.augment.shift, |c, v| c.augment.shift = v, no_augment)}
            {number("setting-scale", "± scale", "0.05", config, |c| c.augment.scale, |c, v| c.augment.scale = v, no_augment)}
        </div>
        <Show when=move || config.with(|c| c.augment.is_on()) && preview.with(|p| !p.is_empty())>
            <div data-testid="augment-preview" class="augment-preview" aria-label="training images and augmented versions of them">
                {move || preview.get().chunks(PREVIEW_COPIES + 1).map(|row| view! {
                    <div class="preview-row">
                        {row.iter().enumerate().map(|(i, img)| view! { <Thumb pixels=img.clone() title=if i == 0 { "original" } else { "augmented" } /> }).collect_view()}
                    </div>
                }).collect_view()}
            </div>
        </Show>
    }
}
