//! The training worker's entry point (trunk builds it for wasm32 as a web worker).
#[cfg(target_arch = "wasm32")]
fn main() {
    mnist_web::web::worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("This is the browser app's training worker; it runs only in the browser.");
}
