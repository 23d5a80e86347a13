//! The page: builds its [`Page`] (provided to every component as context), starts the training
//! worker and lays out the cards. Components hold signals and markup; what the page does lives in
//! plain types ([`crate::page::page_state::PageState`] and its commands, `crate::page::url`).
use crate::i18n::{K, error_text};
use crate::page::page_state::WhenReady;
use crate::page::url::{self, PageSettings};
use crate::protocol::training::ToTrainer;
use crate::web::page::bench_view::BenchPanel;
use crate::web::page::cards::{NetworkCard, StatusCard, TrainingCard};
use crate::web::page::charts::{EpochCharts, LossChart, RateCharts};
use crate::web::page::context::Page;
use crate::web::page::draw::panel::DrawPanel;
use crate::web::page::eval_view::EvalPanel;
use crate::web::page::lang::{LangSelect, text};
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let (settings, url_error) = match url::parse_query(&search) {
        Ok(s) => (s, None),
        Err(e) => (PageSettings::default(), Some(e)),
    };
    let wasm_start_ms = crate::web::js::now_ms();
    let page = Page::new(&settings);
    provide_context(page);
    crate::web::page::lang::provide(page.lang);
    page.look_for_saved_run();
    let bench_batches = (settings.bench == Some(crate::device::bench::BenchKind::Train)).then_some(settings.bench_count);
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
    crate::web::page::runs::keeper::Runs::provide(page);
    let model_ready: RwSignal<Option<f64>> = RwSignal::new(None);
    let state = page.state;
    let lang = page.lang;
    view! {
        <header>
            <LangSelect in_url=settings.lang.is_some() />
            <h1>{text(K::Title)}</h1>
            <p class="sub">{text(K::Subtitle)}</p>
        </header>
        <crate::web::page::offline::UpdateBanner />
        {settings.bench.map(|kind| view! { <BenchPanel kind=kind count=settings.bench_count state=state model_ready=model_ready wasm_start_ms=wasm_start_ms /> })}
        <DrawPanel model_ready=model_ready />
        <StatusCard />
        <div class="grid">
            <NetworkCard />
            <TrainingCard />
        </div>
        <div class="grid">
            <section class="card"><h2>{text(K::LossPerBatch)}</h2><LossChart state=state /><RateCharts state=state /></section>
            <section class="card"><h2>{text(K::TestAfterEpoch)}</h2><EpochCharts state=state /></section>
        </div>
        <section class="card"><h2>{text(K::WhatGoesWrong)}</h2><EvalPanel state=state inspect=page.inspect /></section>
        <crate::web::page::runs::panel::RunsPanel />
        <section data-testid="error" class="errors" role="alert">
            {move || state.with(|s| s.errors.iter().map(|e| view! { <p>{error_text(lang.get(), e)}</p> }).collect_view())}
        </section>
    }
}
