//! Live SVG charts: batch loss, and test accuracy / loss per epoch.
use crate::state::{downsample, polyline, PageState};
use leptos::prelude::*;

const W: f64 = 560.0;
const H: f64 = 200.0;
const PAD: f64 = 50.0;

fn axes(x_label: String, y_ticks: Vec<(f64, String)>) -> impl IntoView {
    view! {
        <line x1=PAD y1=H x2=PAD + W y2=H class="axis" />
        <line x1=PAD y1=0 x2=PAD y2=H class="axis" />
        {y_ticks.into_iter().map(|(y, label)| view! {
            <line x1=PAD y1=y x2=PAD + W y2=y class="grid" />
            <text x=PAD - 4.0 y=y + 4.0 class="tick" text-anchor="end">{label}</text>
        }).collect_view()}
        <text x=PAD + W / 2.0 y=H + 32.0 class="label" text-anchor="middle">{x_label}</text>
    }
}

#[component]
pub fn LossChart(state: RwSignal<PageState>) -> impl IntoView {
    let view_data = move || {
        state.with(|s| {
            let total = (s.progress.batches_per_epoch * s.progress.epochs).max(s.losses.len()).max(2) as f64;
            let y_max = s.losses.iter().take(50).cloned().fold(2.5f32, f32::max) as f64;
            let points = polyline(&downsample(&s.losses, 600), total - 1.0, (0.0, y_max), W, H);
            let label = if s.progress.epochs == 0 { "batch".to_string() } else { format!("batch (of {total:.0})") };
            (points, y_max, label)
        })
    };
    view! {
        <svg viewBox=format!("0 -12 {} {}", W + PAD + 10.0, H + 52.0) class="chart" role="img" aria-label="training loss per batch">
            {move || {
                let (points, y_max, label) = view_data();
                let ticks = (0..=4).map(|k| (H - H * k as f64 / 4.0, format!("{:.2}", y_max * k as f64 / 4.0))).collect();
                view! {
                    {axes(label, ticks)}
                    <g transform=format!("translate({PAD},0)")>
                        <polyline points=points class="loss-line" fill="none" />
                    </g>
                }
            }}
        </svg>
    }
}

#[component]
pub fn AccuracyChart(state: RwSignal<PageState>) -> impl IntoView {
    view! {
        <svg viewBox=format!("0 -12 {} {}", W + PAD + 10.0, H + 52.0) class="chart" role="img" aria-label="test accuracy per epoch">
            {move || state.with(|s| {
                let epochs = s.progress.epochs.max(s.evals.last().map_or(1.0, |e| e.0.ceil()) as usize).max(1) as f64;
                let y_min = s.evals.iter().map(|e| e.1.accuracy).fold(90.0f64, f64::min).floor();
                let acc: Vec<(f64, f64)> = s.evals.iter().map(|(e, r)| (*e, r.accuracy)).collect();
                let ticks = (0..=4).map(|k| (H - H * k as f64 / 4.0, format!("{:.1}%", y_min + (100.0 - y_min) * k as f64 / 4.0))).collect();
                let dots = acc.iter().map(|(e, a)| {
                    let (x, y) = (PAD + e * W / epochs, H - (a - y_min) / (100.0 - y_min) * H);
                    view! { <circle cx=x cy=y r="4" class="acc-dot"><title>{format!("epoch {e:.2}: {a:.2}%")}</title></circle> }
                }).collect_view();
                view! {
                    {axes("epoch".to_string(), ticks)}
                    <g transform=format!("translate({PAD},0)")>
                        <polyline points=polyline(&acc, epochs, (y_min, 100.0), W, H) class="acc-line" fill="none" />
                    </g>
                    {dots}
                }
            })}
        </svg>
        <table class="evals">
            <thead><tr><th>"epoch"</th><th>"test accuracy"</th><th>"test loss"</th></tr></thead>
            <tbody>
                {move || state.with(|s| s.evals.iter().map(|(e, r)| view! {
                    <tr><td>{format!("{e:.2}")}</td><td>{format!("{:.2}%", r.accuracy)}</td><td>{format!("{:.4}", r.loss)}</td></tr>
                }).collect_view())}
            </tbody>
        </table>
    }
}
