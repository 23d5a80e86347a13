//! Draw a digit and watch the network read it: the canvas (pointer events), the 28×28 image the
//! network sees with the saliency overlay, the ten probabilities and the model in use; then inside
//! the network, a card of its own. What it does lives in [`DrawControl`].
use crate::data::preprocess::CANVAS;
use crate::i18n::K;
use crate::protocol::prediction::ToPredictor;
use crate::web::components::context::PageContext;
use crate::web::components::draw::control::DrawControl;
use crate::web::components::draw::inside_view::InsideView;
use crate::web::components::draw::model_picker::{ModelPicker, load_from};
use crate::web::components::draw::why::{WhyKey, WhyOverlay, WhySwitch};
use crate::web::components::lang::text;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn DrawPanel(model_ready: RwSignal<Option<f64>>) -> impl IntoView {
    let page = expect_context::<PageContext>();
    let r = DrawControl::new(page, model_ready);
    r.start();
    crate::web::components::draw::follow::follow(r);
    let dragging = RwSignal::new(false);
    // A pointer event's place in canvas pixels.
    let point = move |ev: &web_sys::PointerEvent| -> (f32, f32) {
        let c = r.canvas.get_untracked().expect("mounted");
        let k = c.width() as f64 / (c.client_width().max(1)) as f64;
        ((ev.offset_x() as f64 * k) as f32, (ev.offset_y() as f64 * k) as f32)
    };
    let down = move |ev: web_sys::PointerEvent| {
        ev.prevent_default();
        if let Some(t) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
            let _ = t.set_pointer_capture(ev.pointer_id());
        }
        let (x, y) = point(&ev);
        r.stroke_start(x, y);
    };
    let moved = move |ev: web_sys::PointerEvent| {
        let (x, y) = point(&ev);
        r.stroke_to(x, y);
    };
    let drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        load_from(r, ev.into());
    };
    let lang = page.lang;
    // What the canvas shows when it is a test image: the opening example (its line stays in
    // place while "another" steps on, so the button keeps the focus), or a gallery's.
    let example = Memo::new(move |_| page.inspect.with(|i| i.as_ref().filter(|i| i.example).map(|i| (i.index, i.label))));
    let gallery = Memo::new(move |_| page.inspect.with(|i| i.as_ref().filter(|i| !i.example).map(|i| (i.index, i.label))));
    // The example is of the set in use; a gallery's image of the run's set.
    let words = move |key: K, (index, label): (usize, u8)| {
        let name = page.state.with(|s| {
            let names = if key == K::ExampleImage { s.classes() } else { s.run_classes.clone() };
            names.get(label as usize).cloned().unwrap_or_else(|| label.to_string())
        });
        lang.get().fill(key, &[("index", &index), ("label", &name)])
    };
    let caption = view! {
        <Show when=move || example.with(Option::is_some)>
            <p class="small" data-testid="example-image" data-index=move || example.get().map(|e| e.0) data-label=move || example.get().map(|e| e.1)>
                {move || example.get().map(|e| words(K::ExampleImage, e))} " "
                <button class="link" data-testid="another-example" on:click=move |_| r.another_example()>{text(K::AnotherExample)}</button>
            </p>
        </Show>
        {move || gallery.get().map(|g| view! { <p class="small" data-testid="inspecting">{words(K::Inspecting, g)}</p> })}
    };
    view! {
        <section class="card draw" id="draw" class:dragging=move || dragging.get() data-testid="draw-panel"
            on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false) on:drop=drop>
            <h2>{text(K::DrawDigit)}</h2>
            <div class="draw-row">
                <div class="pad-wrap">
                    <canvas node_ref=r.canvas data-testid="canvas" class="pad" width=CANVAS height=CANVAS aria-label=text(K::DrawingArea)
                        on:pointerdown=down on:pointermove=moved on:pointerup=move |_| r.stroke_end() on:pointercancel=move |_| r.stroke_end()></canvas>
                    <div class="buttons">
                        <button data-testid="clear" on:click=move |_| r.edit(false)>{text(K::Clear)}</button>
                        <button data-testid="undo" on:click=move |_| r.edit(true)>{text(K::Undo)}</button>
                    </div>
                </div>
                <Seen r=r />
                <Probabilities r=r />
            </div>
            <div class="caption">{caption}</div>
            <WhyKey why=r.why />
            <ModelPicker r=r />
        </section>
        <section class="card inside-card" id="inside">
            <InsideView inside=r.inside names=r.why.names pick=Callback::new(move |(layer, channel): (&'static str, usize)| r.send(ToPredictor::TopPatches { layer: layer.into(), channel })) />
        </section>
    }
}

/// The 28×28 image with its saliency overlay, the digit read and how fast.
#[component]
fn Seen(r: DrawControl) -> impl IntoView {
    let lang = crate::web::components::lang::lang();
    let prediction = move || r.probs.with(|p| p.as_ref().map(|_| r.why.name(r.top_digit().unwrap_or_default())).unwrap_or_default());
    let speed = move || {
        let (p50, p95, n) = r.latency.get();
        (n > 0).then(|| lang.get().fill(K::ReadIn, &[("p50", &format!("{p50:.1}")), ("p95", &format!("{p95:.1}")), ("n", &n)]))
    };
    view! {
        <div class="seen">
            <div class="small">{text(K::Sees)}</div>
            <div class="preview-wrap">
                <canvas node_ref=r.preview data-testid="preview" class="preview" width="28" height="28"></canvas>
                <WhyOverlay why=r.why />
            </div>
            <WhySwitch why=r.why changed=Callback::new(move |_| r.why.ask(r.top_digit(), move |m| r.send(m))) />
            <div data-testid="prediction" class="prediction" aria-live="polite" data-busy=move || r.busy.get().to_string()
                data-latency-p50=move || format!("{:.2}", r.latency.get().0) data-latency-p95=move || format!("{:.2}", r.latency.get().1)>{prediction}</div>
            <div class="small">{speed}</div>
        </div>
    }
}

/// One probability per class (named by the model's set); clicking one asks why (not) that class.
#[component]
fn Probabilities(r: DrawControl) -> impl IntoView {
    let why = r.why;
    view! {
        <div data-testid="probabilities" class="probs" class:many=move || why.names.with(|n| n.len() > 12)>
            {move || why.names.get().into_iter().enumerate().map(|(d, name)| {
                let p = move || r.probs.with(|p| p.as_ref().and_then(|p| p.get(d).copied()).unwrap_or(0.0));
                let label = name.clone();
                view! {
                    <div class="prob" data-digit=d data-name=name.clone() data-p=move || format!("{:.4}", p()) class:picked=move || why.picked.get() == Some(d)
                        aria-pressed=move || (why.picked.get() == Some(d)).to_string() role="button"
                        on:click=move |_| { why.toggle(d); why.ask(r.top_digit(), move |m| r.send(m)); }>
                        <span class="digit">{label}</span>
                        <span class="bar"><span style:width=move || format!("{:.1}%", 100.0 * p())></span></span>
                        <span class="pct">{move || format!("{:.1}%", 100.0 * p())}</span>
                    </div>
                }
            }).collect_view()}
        </div>
    }
}
