//! The training worker's entry point (trunk builds it for wasm32 as a web worker). No `main` in
//! wasm, for the reason given in `src/main.rs`.
#![cfg_attr(target_arch = "wasm32", no_main)]

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    mnist_web::web::js::call_ctors_once();
    mnist_web::web::worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This is the browser app's training worker; it runs only in the browser.");
}
