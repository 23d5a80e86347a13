//! A 28×28 grey image on a small canvas (shown enlarged, pixelated).
use crate::web::js;
use leptos::html::Canvas;
use leptos::prelude::*;

#[component]
pub fn Thumb(pixels: Vec<u8>, #[prop(into, optional)] title: String) -> impl IntoView {
    let node = NodeRef::<Canvas>::new();
    node.on_load(move |c| {
        let _ = js::grey(&c, &js_sys::Uint8Array::from(&pixels[..]));
    });
    view! { <canvas node_ref=node class="thumb" width="28" height="28" title=title></canvas> }
}
