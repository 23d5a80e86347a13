//! The web app's entry point (trunk builds it for wasm32); the app lives in `mnist_web::web`.
#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(mnist_web::web::app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This is the browser app: run `scripts/serve.sh` (trunk) and open the printed URL.");
}
