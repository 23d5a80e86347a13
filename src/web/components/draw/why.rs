//! Which pixels decide: the saliency overlay on the preview (`data-testid="saliency"`, with
//! `data-digit`) for the top digit or for one the user picks ("why not 7?"), its switch and its
//! key. Asked for once the drawing rests, so it never delays a reading.
use crate::i18n::K;
use crate::inspect::saliency::Method;
use crate::protocol::prediction::ToPredictor;
use crate::web::components::lang::text;
use crate::web::js;
use leptos::html::Canvas;
use leptos::prelude::*;

/// How long the drawing rests before its saliency is asked for.
const REST_MS: u64 = 120;

#[derive(Clone, Copy)]
pub struct Why {
    /// The digit the user asked about (else the top one).
    pub picked: RwSignal<Option<usize>>,
    /// The digit the overlay shows now.
    pub explained: RwSignal<Option<usize>>,
    pub show: RwSignal<bool>,
    /// SmoothGrad (the default) or the plain gradient.
    pub method: RwSignal<Method>,
    /// The class names of the model that reads the canvas (the digits, or its set's).
    pub names: RwSignal<Vec<String>>,
    overlay: NodeRef<Canvas>,
    /// The image last read, and the number of the latest request (older answers are dropped).
    image: StoredValue<Option<Vec<u8>>>,
    seq: StoredValue<u64>,
}

impl Default for Why {
    fn default() -> Self {
        Self {
            picked: RwSignal::new(None),
            explained: RwSignal::new(None),
            show: RwSignal::new(true),
            method: RwSignal::new(Method::default()),
            names: RwSignal::new(crate::data::classes::numbered(crate::data::classes::DIGITS)),
            overlay: NodeRef::new(),
            image: StoredValue::new(None),
            seq: StoredValue::new(0),
        }
    }
}

impl Why {
    /// The image being read now (`None`: nothing; the overlay is cleared).
    pub fn reading(&self, image: Option<Vec<u8>>) {
        if image.is_none() {
            self.paint(&[0.0; 784], None);
        }
        self.image.set_value(image);
    }

    /// Another image takes the canvas's place (a test image, or the user's drawing after one):
    /// the overlay of the last is cleared and its answers still on their way are dropped.
    pub fn forget(&self) {
        self.seq.update_value(|s| *s += 1);
        self.reading(None);
    }

    fn paint(&self, map: &[f32], digit: Option<usize>) {
        if let Some(o) = self.overlay.get_untracked() {
            let _ = js::saliency(&o, &js_sys::Float32Array::from(map));
        }
        self.explained.set(digit);
    }

    /// Asks at once about the picked digit, or else `top`.
    pub fn ask(&self, top: Option<usize>, send: impl Fn(ToPredictor)) {
        let seq = self.seq.try_update_value(|s| {
            *s += 1;
            *s
        });
        let digit = self.picked.get_untracked().or(top);
        if let (true, Some(image), Some(digit), Some(id)) = (self.show.get_untracked(), self.image.get_value(), digit, seq) {
            send(ToPredictor::Explain { id, image: image.into(), digit, method: self.method.get_untracked() });
        }
    }

    /// Asks once the drawing has rested (unless another reading comes first).
    pub fn ask_soon(self, top: Option<usize>, send: impl Fn(ToPredictor) + 'static) {
        let seq = self.seq.try_update_value(|s| {
            *s += 1;
            *s
        });
        let rested = move || {
            if self.seq.get_value() == seq.unwrap_or_default() {
                self.ask(top, send)
            }
        };
        set_timeout(rested, std::time::Duration::from_millis(REST_MS));
    }

    /// The worker's answer to request `id`; shown if it is the latest.
    pub fn answer(&self, id: u64, digit: usize, map: &[f32]) {
        if id == self.seq.get_value() && self.image.with_value(Option::is_some) {
            self.paint(map, Some(digit));
        }
    }

    /// The name of class `d` (its number when the model has no names).
    pub fn name(&self, d: usize) -> String {
        self.names.with(|n| n.get(d).cloned().unwrap_or_else(|| d.to_string()))
    }

    /// The user clicked digit `d`: ask about it, or (clicked again) about the top one.
    pub fn toggle(&self, d: usize) {
        self.picked.update(|w| *w = if *w == Some(d) { None } else { Some(d) });
    }
}

/// The overlay (over the preview).
#[component]
pub fn WhyOverlay(why: Why) -> impl IntoView {
    view! {
        <canvas node_ref=why.overlay data-testid="saliency" class="preview overlay" width="28" height="28"
            data-digit=move || why.explained.get().map(|d| d.to_string()).unwrap_or_default() class:hidden=move || !why.show.get()></canvas>
    }
}

/// Its switch; `changed` asks again.
#[component]
pub fn WhySwitch(why: Why, changed: Callback<()>) -> impl IntoView {
    view! {
        <label class="small"><input type="checkbox" data-testid="saliency-toggle" prop:checked=move || why.show.get()
            on:change=move |ev| { why.show.set(event_target_checked(&ev)); changed.run(()); } />{text(K::Saliency)}</label>
        " "
        <label class="small" title=text(K::SmoothGradHelp)><input type="checkbox" data-testid="saliency-smooth" prop:checked=move || why.method.get() == Method::Smooth
            on:change=move |ev| { why.method.set(if event_target_checked(&ev) { Method::Smooth } else { Method::Plain }); changed.run(()); } />{text(K::SmoothGrad)}</label>
    }
}

/// What the colours mean.
#[component]
pub fn WhyKey(why: Why) -> impl IntoView {
    let lang = crate::web::components::lang::lang();
    view! {
        <p class="small key" data-testid="saliency-key">
            {move || why.explained.get().filter(|_| why.show.get()).map(|d| lang.get().fill(K::SaliencyFor, &[("digit", &why.name(d))]))}
        </p>
    }
}
