//! The worker binary's two roles: the page starts it as the training worker or as the
//! prediction worker, by name ([`Role`]); and how either talks to the page.
use crate::protocol::Role;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Entry point of the worker binary.
pub fn start() {
    match Role::parse(&scope().name()) {
        Some(Role::Predictor) => super::predictor::start(),
        _ => super::trainer::start(),
    }
}

/// Posts a message to the page, its bytes transferred.
pub fn post<T: Serialize>(msg: &T) {
    let (obj, transfer) = super::host::pack(msg);
    let _ = scope().post_message_with_transfer(&obj, &transfer);
}

/// Calls `on_message` with every message from the page, `on_bad` with what cannot be read.
pub fn listen<T: DeserializeOwned + 'static>(on_message: impl Fn(T) + 'static, on_bad: impl Fn(String) + 'static) {
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| match super::host::unpack::<T>(&ev.data()) {
        Ok(msg) => on_message(msg),
        Err(e) => on_bad(e),
    });
    scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget(); // lives as long as the worker
}
