//! The training settings: one input per option of [`crate::train::options::OPTIONS`] in the rows
//! of [`crate::page::settings_form`] (the tutorial's recipe plus its improvements), mirrored into
//! the page's URL, and the augmentation preview.
use crate::data::augment::PREVIEW_COPIES;
use crate::i18n::{K, Lang};
use crate::model::net::Net;
use crate::page::page_state::PageState;
use crate::page::settings_form::{self, enabled, testid};
use crate::page::url::{config_keys, config_query};
use crate::train::config::TrainConfig;
use crate::train::options::{Kind, Opt, Settings, Value};
use crate::web::components::lang::text;
use crate::web::components::thumb::Thumb;
use crate::web::js;
use leptos::prelude::*;

/// What a choice's option says: the ready networks with their parameter counts.
fn choice_label(o: &Opt, word: &str, lang: Lang) -> String {
    match Net::preset(word).filter(|_| o.key == "arch") {
        Some(n) => lang.fill(K::Parameters, &[("word", &word), ("n", &crate::i18n::format::group(n.param_count()))]),
        None => word.to_string(),
    }
}

/// The settings on screen: the recipe and the workers, as the option table reads and writes them.
#[derive(Clone, Copy)]
struct Shown {
    config: RwSignal<TrainConfig>,
    workers: RwSignal<usize>,
}

impl Shown {
    fn get(self) -> Settings {
        Settings { config: self.config.get(), workers: self.workers.get() }
    }

    /// Sets option `o` to `v`, changing only the signal it belongs to.
    fn set(self, o: &Opt, v: Value) {
        let mut s = Settings { config: self.config.get_untracked(), workers: self.workers.get_untracked() };
        (o.set)(&mut s, v);
        if o.recipe {
            self.config.set(s.config);
        } else {
            self.workers.set(s.workers);
        }
    }
}

/// The input of one option; a value it refuses is reported in `problem`.
fn input(o: &'static Opt, shown: Shown, running: Signal<bool>, problem: RwSignal<String>) -> impl IntoView {
    let config = shown.config;
    let disabled = move || running.get() || !config.with(|c| enabled(o, c));
    let hide = move || config.with(|c| settings_form::hidden(o, c)).then_some("none");
    let lang = crate::web::components::lang::lang();
    let (label, help) = (text(o.label), text(o.help));
    let set = move |text: String| match o.parse(&text) {
        Ok(v) => {
            problem.set(String::new());
            shown.set(o, v);
        }
        Err(e) => problem.set(lang.get_untracked().fill(K::SettingProblem, &[("label", &label()), ("problem", &e)])),
    };
    let current = move || (o.get)(&shown.get()).map(|v| v.to_string()).unwrap_or_default();
    match o.kind {
        Kind::Flag => view! {
            <label style:display=hide><input type="checkbox" data-testid=testid(o) title=help disabled=disabled
                prop:checked=move || (o.get)(&shown.get()) == Some(Value::Flag(true))
                on:change=move |ev| set(if event_target_checked(&ev) { "1" } else { "0" }.into()) />" "{label}</label>
        }
        .into_any(),
        Kind::Choice(words) => view! {
            <label style:display=hide>{label} " "
                <select data-testid=testid(o) title=help disabled=disabled on:change=move |ev| set(event_target_value(&ev))>
                    // A choice that follows other options (the ready network) may be none of its words.
                    {o.derived.then(|| view! { <option value="" disabled selected=move || current().is_empty()>{text(K::OwnNetwork)}</option> })}
                    {words.iter().map(|w| view! { <option value=*w selected=move || current() == *w>{move || choice_label(o, w, lang.get())}</option> }).collect_view()}
                </select>
            </label>
        }
        .into_any(),
        // The network as text (its layers joined by -), whatever the editor or a preset made it.
        Kind::Net => view! {
            <label class="net-text" style:display=hide><span class="sr-only">{label}</span>
                <input type="text" spellcheck="false" autocomplete="off" data-testid=testid(o) title=help disabled=disabled
                    prop:value=move || config.with(|c| c.net.text())
                    on:change=move |ev| {
                        set(event_target_value(&ev));
                        // Refused: the input shows the network in use again (the problem says why).
                        crate::web::js::set_value(&ev, &config.with_untracked(|c| c.net.text()));
                    } />
            </label>
        }
        .into_any(),
        Kind::Int { .. } | Kind::Float { .. } => {
            let step = match o.kind {
                Kind::Float { step, .. } => step.to_string(),
                _ => "1".into(),
            };
            view! {
                <label style:display=hide>{label} " "
                    <input type="number" step=step data-testid=testid(o) title=help disabled=disabled prop:value=current
                        on:change=move |ev| set(event_target_value(&ev)) />
                </label>
            }
            .into_any()
        }
    }
}

#[component]
pub fn SettingsForm(
    config: RwSignal<TrainConfig>,
    workers: RwSignal<usize>,
    state: RwSignal<PageState>,
    running: Signal<bool>,
) -> impl IntoView {
    let shown = Shown { config, workers };
    // The address bar always links to the settings on screen.
    Effect::new(move |_| {
        let q = config_query(&shown.get());
        let _ = js::set_params(&config_keys().join(","), &q);
    });
    let problem = RwSignal::new(String::new());
    let preview = Memo::new(move |_| state.with(|s| s.preview.clone()));
    let rows = (0..settings_form::ROWS.len()).map(|row| {
        let inputs = settings_form::row(row).into_iter().map(|o| input(o, shown, running, problem)).collect_view();
        view! { <div class="settings">{inputs}</div> }
    });
    view! {
        {rows.collect_view()}
        <p class="small setting-problem" data-testid="setting-problem" role="alert">{move || problem.get()}</p>
        <Show when=move || config.with(|c| c.augment.is_on()) && preview.with(|p| !p.is_empty())>
            <div data-testid="augment-preview" class="augment-preview" aria-label=text(K::AugmentedImages)>
                {move || preview.get().chunks(PREVIEW_COPIES + 1).map(|row| view! {
                    <div class="preview-row">
                        {row.iter().enumerate().map(|(i, img)| view! { <Thumb pixels=img.clone() title=text(if i == 0 { K::Original } else { K::Augmented })() /> }).collect_view()}
                    </div>
                }).collect_view()}
            </div>
        </Show>
    }
}
