//! The selected runs' curves overlaid: test accuracy and test loss per epoch and the smoothed
//! batch loss, one colour per run, with a legend naming what differs between them.
use crate::i18n::K;
use crate::page::compare::{Chart, Metric, charts};
use crate::page::plot::polyline;
use crate::runs::label::DEFAULTS;
use crate::web::components::lang::text;
use crate::web::components::runs::keeper::RunsPanel;
use leptos::prelude::*;

const COLOURS: [&str; 8] = ["#3559e0", "#e0543a", "#2a9d4b", "#9b3fd1", "#d4a017", "#1b9aaa", "#c2185b", "#555"];
const W: f64 = 300.0;
const H: f64 = 150.0;

fn title(metric: Metric) -> K {
    match metric {
        Metric::TestAccuracy => K::CmpAccuracy,
        Metric::TestLoss => K::CmpTestLoss,
        Metric::BatchLoss => K::CmpBatchLoss,
    }
}

fn chart_view(chart: Chart) -> impl IntoView {
    let (x_max, y) = (chart.x_max, chart.y);
    let lines = chart
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let points = polyline(&s.points, x_max, y, W, H);
            let colour = COLOURS[i % COLOURS.len()];
            view! { <polyline data-series=s.id.clone() points=points fill="none" stroke=colour stroke-width="1.8" /> }
        })
        .collect_view();
    view! {
        <figure class="cmp">
            <figcaption>{text(title(chart.metric))}</figcaption>
            <svg viewBox=format!("-34 -6 {} {}", W + 40.0, H + 22.0) class="chart">
                <line x1="0" y1=H x2=W y2=H class="axis" />
                <line x1="0" y1="0" x2="0" y2=H class="axis" />
                <text x="-4" y="4" text-anchor="end" class="tick">{format!("{:.3}", y.1).trim_end_matches('0').trim_end_matches('.').to_string()}</text>
                <text x="-4" y=H text-anchor="end" class="tick">{format!("{:.3}", y.0).trim_end_matches('0').trim_end_matches('.').to_string()}</text>
                <text x=W y=H + 14.0 text-anchor="end" class="tick">{format!("{x_max:.0}")}</text>
                {lines}
            </svg>
        </figure>
    }
}

#[component]
pub fn CompareView() -> impl IntoView {
    let runs = expect_context::<RunsPanel>();
    let lang = crate::web::components::lang::lang();
    let picked = Memo::new(move |_| {
        let ids = runs.selected.get();
        runs.list.with(|l| ids.iter().filter_map(|id| l.iter().find(|r| r.id == *id).cloned()).collect::<Vec<_>>())
    });
    move || {
        let picked = picked.get();
        if picked.len() < 2 {
            // The hint once there is a run to pick (none yet: no line about nothing).
            return runs.list.with(|l| !l.is_empty()).then(|| view! { <p class="small muted">{text(K::CompareHint)}</p> }).into_any();
        }
        let charts = charts(&picked.iter().collect::<Vec<_>>());
        let legend = charts[0]
            .series
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let label = s.label.clone();
                let words = move || if label == DEFAULTS { lang.get().text(K::RunDefaults).to_string() } else { label.clone() };
                view! { <span class="key"><i style=format!("background:{}", COLOURS[i % COLOURS.len()])></i>{words}</span> }
            })
            .collect_view();
        view! {
            <div class="compare" data-testid="compare-chart">
                <div class="legend">{legend}</div>
                <div class="cmp-charts">{charts.into_iter().map(chart_view).collect_view()}</div>
            </div>
        }
        .into_any()
    }
}
