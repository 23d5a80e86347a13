//! Inside the network, under the canvas (folded on a phone): every layer's maps for the digit
//! being read (`data-testid="layer-maps"`), its ten logits, conv1's filters (`filters`) and the
//! test-image patches that excite a chosen channel most. The draw panel feeds it ([`Inside`]).
use crate::i18n::K;
use crate::inspect::layer_maps::{LayerShape, layers};
use crate::model::net::{Layer, Net};
use crate::protocol::prediction::PROBE_IMAGES;
use crate::web::components::lang::text;
use crate::web::js;
use leptos::html::{Canvas, Div};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Side of an enlarged map, in canvas pixels.
const BIG: u32 = 112;
/// Each layer's maps are painted on one canvas (a sheet: few canvases keep the page's frames
/// cheap), [`COLUMNS`] to a row, every map scaled to 28×28 in a cell of [`CELL`] pixels; one
/// element per map lies over its cell (hover, click, `data-layer`/`data-channel`).
const COLUMNS: usize = 16;
const CELL: usize = 30;
const MAP: usize = 28;

/// What the view shows; the draw panel sets it from the prediction worker's answers.
#[derive(Clone, Copy)]
pub struct Inside {
    pub net: RwSignal<Net>,
    /// The last reading's logits and probabilities (empty when nothing is drawn).
    pub scores: RwSignal<(Vec<f32>, Vec<f32>)>,
    pub filters: RwSignal<Vec<f32>>,
    /// The chosen map (layer name, channel) and its strongest patches (side, pixels) when known.
    pub chosen: RwSignal<Option<(&'static str, usize)>>,
    pub patches: RwSignal<Option<(usize, Vec<u8>)>>,
    /// Unfolded (maps are only worked out then).
    pub open: RwSignal<bool>,
    grid: NodeRef<Div>,
    big: NodeRef<Canvas>,
}

impl Inside {
    pub fn new(open: bool) -> Self {
        Self {
            net: RwSignal::new(Net::default()),
            scores: RwSignal::new((Vec::new(), Vec::new())),
            filters: RwSignal::new(Vec::new()),
            chosen: RwSignal::new(None),
            patches: RwSignal::new(None),
            open: RwSignal::new(open),
            grid: NodeRef::new(),
            big: NodeRef::new(),
        }
    }

    /// Paints every layer's maps (at the next frame, without blocking).
    pub fn show_maps(&self, maps: &[u8]) {
        if let Some(grid) = self.grid.get_untracked() {
            let big = self.big.get_untracked().map(JsValue::from).unwrap_or(JsValue::NULL);
            let _ = js::maps(&grid, &js_sys::Uint8Array::from(maps), &big);
        }
    }
}

/// The map under the pointer: its element, layer and channel.
fn map_at(ev: &web_sys::Event) -> Option<(web_sys::Element, &'static str, usize)> {
    let el: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let layer = el.get_attribute("data-layer")?;
    let name = crate::base::text::intern(&layer);
    let channel = el.get_attribute("data-channel")?.parse().ok()?;
    Some((el, name, channel))
}

/// One layer's sheet and the elements over its maps.
fn sheet(l: LayerShape) -> impl IntoView {
    let rows = l.channels.div_ceil(COLUMNS);
    let pct = |part: usize, whole: usize| format!("{:.4}%", 100.0 * part as f64 / whole as f64);
    view! {
        <div class="sheet">
            <canvas data-sheet=l.name data-side=l.side data-channels=l.channels width=COLUMNS * CELL height=rows * CELL></canvas>
            {(0..l.channels).map(|c| view! {
                <span class="map" data-layer=l.name data-channel=c style:left=pct(c % COLUMNS * CELL, COLUMNS * CELL)
                    style:top=pct(c / COLUMNS * CELL, rows * CELL) style:width=pct(MAP, COLUMNS * CELL) style:height=pct(MAP, rows * CELL)></span>
            }).collect_view()}
        </div>
    }
}

/// The view; `pick` asks for the strongest patches of a map.
#[component]
pub fn InsideView(inside: Inside, names: RwSignal<Vec<String>>, pick: Callback<(&'static str, usize)>) -> impl IntoView {
    let lang = crate::web::components::lang::lang();
    // The enlarged map (the first until another is looked at: see bindings.js `maps`).
    let hovered = RwSignal::new(layers(&inside.net.get_untracked()).first().map(|l| (l.name, 0)));
    let over = move |ev: &web_sys::Event| {
        if let (Some((map, layer, channel)), Some(big)) = (map_at(ev), inside.big.get_untracked()) {
            let _ = js::enlarge(&big, &map);
            hovered.set(Some((layer, channel)));
        }
    };
    // Leaving the maps shows the chosen one again.
    let leave = move |_| {
        let chosen = inside.chosen.get_untracked().zip(inside.grid.get_untracked());
        let map = chosen
            .and_then(|((layer, c), grid)| grid.query_selector(&format!("[data-layer=\"{layer}\"][data-channel=\"{c}\"]")).ok().flatten());
        if let (Some(map), Some(big)) = (map, inside.big.get_untracked()) {
            let _ = js::enlarge(&big, &map);
            hovered.set(inside.chosen.get_untracked());
        }
    };
    let click = move |ev: web_sys::MouseEvent| {
        if let Some((_, layer, channel)) = map_at(&ev) {
            over(&ev);
            inside.chosen.set(Some((layer, channel)));
            inside.patches.set(None);
            pick.run((layer, channel));
        }
    };
    let grid = move || {
        layers(&inside.net.get())
            .into_iter()
            .map(|l| {
                let line = move || lang.get().fill(K::LayerLine, &[("layer", &l.name), ("channels", &l.channels), ("side", &l.side)]);
                view! {
                    <div class="layer" data-layer-row=l.name>
                        <div class="small">{line}</div>
                        {sheet(l)}
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <details class="inside" data-testid="inside" prop:open=move || inside.open.get()
            on:toggle=move |ev| inside.open.set(ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()).is_some_and(|d| d.open()))>
            <summary>{text(K::Inside)}</summary>
            <p class="small">{text(K::InsideIntro)}</p>
            <div class="inside-row">
                <div node_ref=inside.grid data-testid="layer-maps" class="layer-maps" on:pointerover=move |ev: web_sys::PointerEvent| over(&ev) on:pointerleave=leave on:click=click>{grid}</div>
                <div class="focus">
                    <canvas node_ref=inside.big class="big-map" width=BIG height=BIG></canvas>
                    <div class="small" data-testid="map-name">{move || hovered.get().map(|m| map_name(m, lang.get()))}</div>
                </div>
            </div>
            <Scores inside=inside names=names />
            <Filters inside=inside />
            <Patches inside=inside />
        </details>
    }
}

/// "conv2b, channel 7".
fn map_name((layer, channel): (&str, usize), lang: crate::i18n::Lang) -> String {
    lang.fill(K::MapName, &[("layer", &layer), ("channel", &channel)])
}

/// The logits and probabilities, one per class (named by the model's set).
#[component]
fn Scores(inside: Inside, names: RwSignal<Vec<String>>) -> impl IntoView {
    let scores = move || {
        let names = names.get();
        inside.scores.with(|(logits, probs)| {
            (0..logits.len())
                .map(|d| {
                    let p = probs.get(d).copied().unwrap_or(0.0);
                    let name = names.get(d).cloned().unwrap_or_else(|| d.to_string());
                    view! { <div class="score" data-digit=d data-logit=format!("{:.4}", logits[d])><b>{name}</b><span>{format!("{:.2}", logits[d])}</span><span class="small">{format!("{:.1}%", 100.0 * p)}</span></div> }
                })
                .collect_view()
        })
    };
    view! {
        <div class="small">{text(K::Logits)}</div>
        <div data-testid="logits" class="scores">{scores}</div>
    }
}

/// The first convolution's filters (one canvas of k×k each), repainted whenever the model changes.
#[component]
fn Filters(inside: Inside) -> impl IntoView {
    let first = move || {
        inside.net.with(|n| {
            n.layers().iter().find_map(|l| if let Layer::Conv { channels, kernel } = *l { Some((channels, kernel)) } else { None })
        })
    };
    let filters = NodeRef::<Div>::new();
    Effect::new(move |_| {
        let values = inside.filters.get();
        if let (Some(el), false) = (filters.get(), values.is_empty()) {
            let _ = js::filters(&el, &js_sys::Float32Array::from(&values[..]));
        }
    });
    view! {
        <div class="small">{text(K::Filters)} " " {text(K::FiltersTraining)}</div>
        <div node_ref=filters data-testid="filters" class="filters">
            {move || first().map(|(c, k)| (0..c).map(|i| view! { <canvas class="filter" width=k height=k data-filter=i></canvas> }).collect_view())}
        </div>
    }
}

/// The test patches that excite the chosen map most.
#[component]
fn Patches(inside: Inside) -> impl IntoView {
    let lang = crate::web::components::lang::lang();
    let patches = NodeRef::<Div>::new();
    Effect::new(move |_| {
        if let (Some(el), Some((side, pixels))) = (patches.get(), inside.patches.get()) {
            let _ = js::patches(&el, &js_sys::Uint8Array::from(&pixels[..]), side);
        }
    });
    let title = move || match inside.chosen.get() {
        None => lang.get().text(K::PickMap).to_string(),
        Some(m) => lang.get().fill(K::TopPatches, &[("n", &PROBE_IMAGES), ("map", &map_name(m, lang.get()))]),
    };
    let waiting =
        move || inside.patches.with(|p| p.as_ref().is_some_and(|(side, _)| *side == 0)).then(|| lang.get().text(K::NeedsTestImages));
    view! {
        <div class="small" data-testid="patches-title">{title}{waiting}</div>
        <div node_ref=patches data-testid="patches" class="patches"></div>
    }
}
