//! Live SVG charts: batch loss (raw and smoothed), test accuracy and loss per epoch, learning
//! rate and speed. Long runs stay fast: at most ~600 points per line (bucket means).
use crate::i18n::{K, Lang};
use crate::page::page_state::PageState;
use crate::page::plot::{downsample, epoch_means, nice_ticks, polyline, smooth, whole_ticks};
use leptos::prelude::*;

const W: f64 = 560.0;
const H: f64 = 180.0;
const PAD: f64 = 62.0;
const MAX_POINTS: usize = 600;

/// One line of a chart.
pub struct Series {
    pub points: Vec<(f64, f64)>,
    pub class: &'static str,
    pub name: &'static str,
    pub dots: bool,
}

/// What a chart's axes show: the x range (ticks at whole numbers), the y range and labels.
struct Axes {
    x_max: f64,
    y: (f64, f64),
    x_label: String,
    y_label: &'static str,
    fmt: fn(f64) -> String,
}

/// A chart: `series` over x in [0, x_max] and y in `y`, with labelled axes and a legend. With
/// nothing to show yet, the axes stay unnumbered and say so.
fn chart(lang: Lang, aria: &'static str, series: Vec<Series>, axes: Axes) -> impl IntoView {
    let Axes { x_max, y: (y0, y1), x_label, y_label, fmt } = axes;
    let empty = series.iter().all(|s| s.points.is_empty());
    // max/min rather than clamp: a range from odd data (min above max, NaN) draws oddly but
    // never panics on the page's main thread.
    let sy = |v: f64| H - (v.max(y0).min(y1) - y0) / (y1 - y0).max(1e-12) * H;
    let sx = |v: f64| if x_max > 0.0 { v * W / x_max } else { 0.0 };
    let ticks: Vec<(f64, String)> = if empty { Vec::new() } else { nice_ticks(y0, y1, 5).into_iter().map(|v| (sy(v), fmt(v))).collect() };
    let x_ticks: Vec<(f64, String)> =
        if empty { Vec::new() } else { whole_ticks(x_max, 6).into_iter().map(|v| (sx(v), format!("{v:.0}"))).collect() };
    view! {
        <svg viewBox=format!("0 -18 {} {}", W + PAD + 12.0, H + 58.0) class="chart" role="img" aria-label=aria>
            <g transform=format!("translate({PAD},0)")>
                <line x1=0 y1=H x2=W y2=H class="axis" />
                <line x1=0 y1=0 x2=0 y2=H class="axis" />
                {ticks.into_iter().map(|(y, l)| view! {
                    <line x1=0 y1=y x2=W y2=y class="grid" />
                    <text x=-5 y=y + 4.0 class="tick" text-anchor="end">{l}</text>
                }).collect_view()}
                {x_ticks.into_iter().map(|(x, l)| view! { <text x=x y=H + 15.0 class="tick" text-anchor="middle">{l}</text> }).collect_view()}
                {empty.then(|| view! { <text x=W / 2.0 y=H / 2.0 class="label empty" text-anchor="middle">{lang.text(K::EmptyChart)}</text> })}
                <text x=W / 2.0 y=H + 34.0 class="label" text-anchor="middle">{x_label}</text>
                <text transform=format!("translate({}, {}) rotate(-90)", -PAD + 12.0, H / 2.0) class="label" text-anchor="middle">{y_label}</text>
                {series.iter().enumerate().map(|(i, s)| view! {
                    <g class=s.class>
                        <polyline points=polyline(&s.points, x_max, (y0, y1), W, H) fill="none" />
                        {s.dots.then(|| s.points.iter().map(|&(x, y)| view! { <circle cx=sx(x) cy=sy(y) r="3.5" /> }).collect_view())}
                        <text x=W - 4.0 - 190.0 * i as f64 y=-3 text-anchor="end" class="legend">{s.name}</text>
                    </g>
                }).collect_view()}
            </g>
        </svg>
    }
}

fn batches_axis(s: &PageState, lang: Lang) -> (f64, String) {
    let total = (s.progress.batches_per_epoch * s.progress.epochs).max(s.losses.len()).max(2) as f64;
    (total, if s.progress.epochs == 0 { lang.text(K::BatchAxis).into() } else { lang.fill(K::BatchOf, &[("total", &total)]) })
}

/// Every k-th point, so that at most about `MAX_POINTS` remain.
fn thin(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    points.iter().step_by(points.len() / MAX_POINTS + 1).cloned().collect()
}

#[component]
pub fn LossChart(state: RwSignal<PageState>) -> impl IntoView {
    let lang = crate::web::components::lang::lang();
    move || {
        let lang = lang.get();
        state.with(|s| {
            let (x_max, x_label) = batches_axis(s, lang);
            let y_max = s.losses.iter().take(50).cloned().fold(2.5f32, f32::max) as f64;
            let raw = Series { points: downsample(&s.losses, MAX_POINTS), class: "loss-line", name: lang.text(K::BatchLoss), dots: false };
            let smooth = Series {
                points: downsample(&smooth(&s.losses, 0.03), MAX_POINTS),
                class: "smooth-line",
                name: lang.text(K::Smoothed),
                dots: false,
            };
            chart(
                lang,
                lang.text(K::LossChartName),
                vec![raw, smooth],
                Axes { x_max, y: (0.0, y_max), x_label, y_label: lang.text(K::LossAxis), fmt: |v| format!("{v:.1}") },
            )
        })
    }
}

#[component]
pub fn EpochCharts(state: RwSignal<PageState>) -> impl IntoView {
    let lang = crate::web::components::lang::lang();
    let accuracy = move || {
        let lang = lang.get();
        state.with(|s| {
            let epochs = s.progress.epochs.max(s.evals.last().map_or(1.0, |e| e.0.ceil()) as usize).max(1) as f64;
            let y_min = s.evals.iter().map(|e| e.1.accuracy).fold(90.0f64, f64::min).floor();
            let acc = Series {
                points: s.evals.iter().map(|(e, r)| (*e, r.accuracy)).collect(),
                class: "acc-line",
                name: lang.text(K::TestAccuracy),
                dots: true,
            };
            chart(
                lang,
                lang.text(K::AccuracyChartName),
                vec![acc],
                Axes {
                    x_max: epochs,
                    y: (y_min, 100.0),
                    x_label: lang.text(K::EpochAxis).into(),
                    y_label: lang.text(K::AccuracyAxis),
                    fmt: |v| format!("{v}"),
                },
            )
        })
    };
    let losses = move || {
        let lang = lang.get();
        state.with(|s| {
            let epochs = s.progress.epochs.max(s.evals.last().map_or(1.0, |e| e.0.ceil()) as usize).max(1) as f64;
            let test = Series {
                points: s.evals.iter().map(|(e, r)| (*e, r.loss)).collect(),
                class: "acc-line",
                name: lang.text(K::TestLoss),
                dots: true,
            };
            let train = Series {
                points: epoch_means(&s.losses, s.progress.batches_per_epoch),
                class: "loss-line",
                name: lang.text(K::MeanTrainingLoss),
                dots: true,
            };
            let y_max = test.points.iter().chain(&train.points).map(|p| p.1).fold(0.1f64, f64::max) * 1.1;
            chart(
                lang,
                lang.text(K::EpochLossChartName),
                vec![test, train],
                Axes {
                    x_max: epochs,
                    y: (0.0, y_max),
                    x_label: lang.text(K::EpochAxis).into(),
                    y_label: lang.text(K::LossAxis),
                    fmt: |v| format!("{v:.3}"),
                },
            )
        })
    };
    view! {
        {accuracy}
        {losses}
        <table class="evals">
            <thead><tr><th>{move || lang.get().text(K::EpochAxis)}</th><th>{move || lang.get().text(K::TestAccuracy)}</th><th>{move || lang.get().text(K::TestLoss)}</th></tr></thead>
            <tbody>
                {move || state.with(|s| s.evals.iter().map(|(e, r)| view! {
                    <tr><td>{crate::i18n::format::epochs(*e)}</td><td>{format!("{:.2}%", r.accuracy)}</td><td>{format!("{:.4}", r.loss)}</td></tr>
                }).collect_view())}
            </tbody>
        </table>
    }
}

#[component]
pub fn RateCharts(state: RwSignal<PageState>) -> impl IntoView {
    let lang = crate::web::components::lang::lang();
    let lr = move || {
        let lang = lang.get();
        state.with(|s| {
            let (x_max, x_label) = batches_axis(s, lang);
            let y_max = s.lr_points.iter().map(|p| p.1).fold(1e-6f64, f64::max) * 1.15;
            let line = Series { points: thin(&s.lr_points), class: "lr-line", name: lang.text(K::LearningRate), dots: false };
            chart(
                lang,
                lang.text(K::LrChartName),
                vec![line],
                Axes { x_max, y: (0.0, y_max), x_label, y_label: lang.text(K::LearningRate), fmt: |v| format!("{v:.0e}") },
            )
        })
    };
    let speed = move || {
        let lang = lang.get();
        state.with(|s| {
            let (x_max, x_label) = batches_axis(s, lang);
            let y_max = s.speed_points.iter().map(|p| p.1).fold(1.0f64, f64::max) * 1.15;
            let line = Series { points: thin(&s.speed_points), class: "speed-line", name: lang.text(K::SpeedLine), dots: false };
            chart(
                lang,
                lang.text(K::SpeedChartName),
                vec![line],
                Axes { x_max, y: (0.0, y_max), x_label, y_label: lang.text(K::SpeedAxis), fmt: |v| format!("{v}") },
            )
        })
    };
    view! { {lr} {speed} }
}

/// The charts' card: one line until a run starts (no empty axes on the first screen); the run's
/// charts from its start on, kept after it ends.
#[component]
pub fn ChartsCard() -> impl IntoView {
    let state = expect_context::<crate::web::components::context::PageContext>().state;
    let shown = Memo::new(move |_| state.with(|s| s.running || !s.losses.is_empty() || !s.evals.is_empty()));
    let text = crate::web::components::lang::text;
    view! {
        <section class="card charts" id="charts" data-testid="charts">
            <Show when=move || shown.get() fallback=move || view! { <p class="small" data-testid="charts-empty">{text(K::ChartsLater)}</p> }>
                <h2>{text(K::LossPerBatch)}</h2>
                <LossChart state=state />
                <RateCharts state=state />
                <h2>{text(K::TestAfterEpoch)}</h2>
                <EpochCharts state=state />
            </Show>
        </section>
    }
}
