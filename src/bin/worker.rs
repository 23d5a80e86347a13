//! The worker binary (trunk builds it for wasm32 as a web worker). The page starts it by name as
//! the training worker, the prediction worker or a training worker's helper ([`Role`]). No `main` in wasm, for the reason
//! given in `src/main.rs`.
#![cfg_attr(target_arch = "wasm32", no_main)]

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    use mnist_web::protocol::Role;
    use mnist_web::web::{channel, js, workers};
    js::call_ctors_once();
    match Role::parse(&channel::scope().name()) {
        Some(Role::Prediction) => workers::prediction::start(),
        Some(Role::Helper) => workers::helper::start(),
        _ => workers::training::start(),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This is the browser app's worker; it runs only in the browser.");
}
