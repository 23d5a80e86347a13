//! The page: builds its [`PageContext`] (provided to every component as context), starts the training
//! worker and lays out the cards (training on the left, drawing and the inside view on the
//! right). Components hold signals and markup; what the page does lives in plain types
//! ([`crate::page::page_state::PageState`] and its commands, `crate::page::url`).
use crate::i18n::{K, error_text};
use crate::page::page_state::WhenReady;
use crate::page::sections::{SECTIONS, current};
use crate::page::url::{self, PageSettings};
use crate::protocol::training::ToTrainer;
use crate::web::components::bench_view::BenchPanel;
use crate::web::components::cards::TrainingCard;
use crate::web::components::charts::ChartsCard;
use crate::web::components::context::PageContext;
use crate::web::components::draw::panel::DrawPanel;
use crate::web::components::eval_view::EvalPanel;
use crate::web::components::lang::{LangSelect, text};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn App() -> impl IntoView {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let (settings, url_error) = match url::parse_query(&search) {
        Ok(s) => (s, None),
        Err(e) => (PageSettings::default(), Some(e)),
    };
    let wasm_start_ms = crate::web::js::now_ms();
    let page = PageContext::new(&settings);
    provide_context(page);
    crate::web::components::lang::provide(page.lang);
    page.look_for_saved_run();
    let bench_batches = (settings.bench == Some(crate::device::bench::BenchKind::Train)).then_some(settings.bench_count);
    page.spawn(WhenReady { autostart: settings.autostart, bench_batches, bench_net: settings.config.net.clone() });
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
    crate::web::components::runs::keeper::RunsPanel::provide(page);
    let model_ready: RwSignal<Option<f64>> = RwSignal::new(None);
    let state = page.state;
    let lang = page.lang;
    view! {
        <header>
            <LangSelect in_url=settings.lang.is_some() />
            <h1>{text(K::Title)}</h1>
            <p class="sub">{text(K::Subtitle)}</p>
        </header>
        <crate::web::components::offline::UpdateBanner />
        <section data-testid="error" class="errors" role="alert">
            {move || state.with(|s| s.errors.iter().map(|e| view! { <p>{error_text(lang.get(), e)}</p> }).collect_view())}
        </section>
        <SectionLinks />
        {settings.bench.map(|kind| view! { <BenchPanel kind=kind count=settings.bench_count state=state model_ready=model_ready wasm_start_ms=wasm_start_ms /> })}
        // The cards in the order a phone shows them (and a keyboard or screen reader meets them);
        // on a laptop the drawing column sits on the right beside the rest, spanning their rows,
        // so the charts growing on the left move nothing on the right (style.css).
        <main class="board">
            <TrainingCard />
            <ChartsCard />
            <div class="col-draw">
                <DrawPanel model_ready=model_ready />
            </div>
            <section class="card" id="results"><h2>{text(K::WhatGoesWrong)}</h2><EvalPanel state=state inspect=page.inspect /></section>
            <crate::web::components::runs::panel::RunsPanel />
        </main>
    }
}

/// Links to the page's sections, kept at the top of a narrow screen (hidden on a laptop, where
/// both columns are in view); the one being read is marked (`aria-current`).
#[component]
fn SectionLinks() -> impl IntoView {
    let reading = RwSignal::new(0usize);
    // A tapped link stays marked through the jump it causes (near the page's end a short
    // section cannot scroll up to the line); scrolling on afterwards marks by position again.
    let tapped_at = StoredValue::new(f64::NEG_INFINITY);
    let handle = window_event_listener(leptos::ev::scroll, move |_| {
        if crate::web::js::now_ms() - tapped_at.get_value() < 400.0 {
            return;
        }
        let (doc, scrolled) = (document(), window().scroll_y().unwrap_or_default());
        // Each card's top on the screen (the cards lie in the page's flow: their offset is the page's).
        let top = |id: &str| doc.get_element_by_id(id)?.dyn_into::<web_sys::HtmlElement>().ok().map(|e| e.offset_top() as f64 - scrolled);
        let tops: Vec<f64> = SECTIONS.iter().map(|(id, _)| top(id).unwrap_or(f64::INFINITY)).collect();
        reading.set(current(&tops, 80.0));
    });
    on_cleanup(move || handle.remove());
    view! {
        <nav class="sections" data-testid="sections" aria-label=text(K::Sections)>
            {SECTIONS.iter().enumerate().map(|(i, (id, k))| view! {
                <a href=format!("#{id}") data-section=*id aria-current=move || (reading.get() == i).then_some("true")
                    on:click=move |_| { tapped_at.set_value(crate::web::js::now_ms()); reading.set(i); unfold(id); }>{text(*k)}</a>
            }).collect_view()}
        </nav>
    }
}

/// A section that is a fold (inside the network, folded on a phone) opens when its link is tapped.
fn unfold(id: &str) {
    if let Some(fold) = document().get_element_by_id(id).and_then(|e| e.query_selector("details.inside").ok().flatten()) {
        let _ = fold.set_attribute("open", "");
    }
}
