//! The web app's entry point (trunk builds it for wasm32); the app lives in `mnist_web::web`.
//!
//! No `main` in wasm, and the static constructors (cubecl's `inventory` registry) run once, here:
//! otherwise the linker treats the module as a "command" and re-runs every constructor at the
//! start of *each* call from JavaScript — measured at ~65% of the page's main-thread time and a
//! 600 ms freeze when the evaluation views render.
#![cfg_attr(target_arch = "wasm32", no_main)]

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    mnist_web::web::js::call_ctors_once();
    mnist_web::web::js::set_page_panic_hook();
    leptos::mount::mount_to_body(mnist_web::web::components::app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This is the browser app: run `scripts/serve.sh` (trunk) and open the printed URL.");
}
