//! How the page and its workers talk: the message's JSON with its bytes beside it as transferred
//! buffers ([`crate::base::envelope`]); the page's handle on a worker ([`WorkerHandle`]) and, inside
//! a worker, [`post`] and [`listen`].
use crate::base::envelope;
use crate::base::error::AppError;
use crate::protocol::Role;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Worker};

/// Script trunk generates for the worker binary (relative: works under any sub-path).
const WORKER_SCRIPT: &str = "./worker_loader.js";

/// `{ json, buffers }` and the buffers to transfer.
pub fn pack<T: Serialize>(msg: &T) -> (js_sys::Object, js_sys::Array) {
    let (json, buffers) = envelope::encode(msg);
    let list: js_sys::Array = buffers.iter().map(|b| js_sys::Uint8Array::from(&b[..]).buffer()).collect();
    let obj = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&obj, &"json".into(), &json.into());
    let _ = js_sys::Reflect::set(&obj, &"buffers".into(), &list);
    (obj, list)
}

/// A message posted with [`pack`].
pub fn unpack<T: DeserializeOwned>(data: &JsValue) -> Result<T, String> {
    let json = js_sys::Reflect::get(data, &"json".into()).ok().and_then(|j| j.as_string()).ok_or("a message without JSON")?;
    let buffers = js_sys::Reflect::get(data, &"buffers".into()).map_err(|_| "a message without buffers")?;
    let buffers: Vec<Vec<u8>> = js_sys::Array::from(&buffers).iter().map(|b| js_sys::Uint8Array::new(&b).to_vec()).collect();
    envelope::decode(&json, buffers)
}

/// The page's handle on a worker that takes `In` and answers `Out`.
pub struct WorkerHandle<In> {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
    _in: std::marker::PhantomData<In>,
}

impl<In: Serialize> WorkerHandle<In> {
    /// Starts a worker in `role`; `on_message` receives what it says, `on_failure` a message
    /// that cannot be read or the worker's crash (`true`: fatal).
    pub fn spawn<Out: DeserializeOwned + 'static>(
        role: Role,
        on_message: impl Fn(Out) + 'static,
        on_failure: impl Fn(AppError, bool) + 'static,
    ) -> Result<Self, AppError> {
        let failed = move |why: String| AppError::Worker { role: role.as_str().into(), why };
        let options = web_sys::WorkerOptions::new();
        options.set_name(role.as_str());
        let worker = Worker::new_with_options(WORKER_SCRIPT, &options).map_err(|e| failed(crate::web::js::message(&e)))?;
        let on_failure = std::rc::Rc::new(on_failure);
        let fail = on_failure.clone();
        let on_msg = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| match unpack::<Out>(&ev.data()) {
            Ok(msg) => on_message(msg),
            Err(e) => fail(failed(format!("unreadable message ({e})")), false),
        });
        let on_err = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |ev: web_sys::ErrorEvent| {
            on_failure(failed(ev.message()), true);
        });
        worker.set_onmessage(Some(on_msg.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_err.as_ref().unchecked_ref()));
        Ok(Self { worker, _on_message: on_msg, _on_error: on_err, _in: std::marker::PhantomData })
    }

    pub fn send(&self, msg: &In) {
        let (obj, transfer) = pack(msg);
        let _ = self.worker.post_message_with_transfer(&obj, &transfer);
    }
}

impl<In> Drop for WorkerHandle<In> {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// The worker's own scope (inside a worker only).
pub fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Posts a message to the page, its bytes transferred.
pub fn post<T: Serialize>(msg: &T) {
    let (obj, transfer) = pack(msg);
    let _ = scope().post_message_with_transfer(&obj, &transfer);
}

/// Calls `on_message` with every message from the page, `on_bad` with what cannot be read.
pub fn listen<T: DeserializeOwned + 'static>(on_message: impl Fn(T) + 'static, on_bad: impl Fn(String) + 'static) {
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| match unpack::<T>(&ev.data()) {
        Ok(msg) => on_message(msg),
        Err(e) => on_bad(e),
    });
    scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget(); // lives as long as the worker
}
