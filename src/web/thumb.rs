//! A 28×28 grey image on a small canvas (shown enlarged, pixelated).
use super::js::helper;
use leptos::html::Canvas;
use leptos::prelude::*;

#[component]
pub fn Thumb(pixels: Vec<u8>, #[prop(into, optional)] title: String) -> impl IntoView {
    let node = NodeRef::<Canvas>::new();
    node.on_load(move |c| {
        let _ = helper("grey", &[c.into(), js_sys::Uint8Array::from(&pixels[..]).into()]);
    });
    view! { <canvas node_ref=node class="thumb" width="28" height="28" title=title></canvas> }
}
