//! The page's handle on the training worker.
use crate::protocol::{FromWorker, ToWorker};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// Script trunk generates for the worker binary (relative: works under any sub-path).
const WORKER_SCRIPT: &str = "./worker_loader.js";

pub struct WorkerHandle {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

impl WorkerHandle {
    /// Starts the worker; `on_message` receives everything it says (errors included).
    pub fn spawn(on_message: impl Fn(FromWorker) + 'static) -> Result<Self, String> {
        let worker = Worker::new(WORKER_SCRIPT).map_err(|e| super::js::describe(&e))?;
        let on_message = std::rc::Rc::new(on_message);
        let handler = on_message.clone();
        let on_msg = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let parsed = ev.data().as_string().map(|t| serde_json::from_str::<FromWorker>(&t));
            match parsed {
                Some(Ok(msg)) => handler(msg),
                _ => handler(FromWorker::Error { message: "the worker sent an unreadable message".into(), fatal: false }),
            }
        });
        let on_err = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |ev: web_sys::ErrorEvent| {
            let message = format!("the training worker failed: {}", ev.message());
            on_message(FromWorker::Error { message, fatal: true });
        });
        worker.set_onmessage(Some(on_msg.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_err.as_ref().unchecked_ref()));
        Ok(Self { worker, _on_message: on_msg, _on_error: on_err })
    }

    pub fn send(&self, msg: &ToWorker) {
        let json = serde_json::to_string(msg).expect("messages serialise");
        let _ = self.worker.post_message(&json.into());
    }
}

impl Drop for WorkerHandle {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
