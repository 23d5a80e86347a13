//! Native training: the same code as the browser, on the CPU or a GPU (wgpu).
//! `cargo run --release --bin train -- --help`
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    match mnist_web::native::command::main(std::env::args().skip(1).collect()) {
        Ok(()) => {}
        Err(mnist_web::AppError::Usage(message)) => {
            eprint!("{message}");
            std::process::exit(2);
        }
        Err(e) => {
            // What a file put in the message cannot reach the terminal as escapes.
            eprintln!("error: {}", mnist_web::base::text::printable(&e.to_string()));
            std::process::exit(1);
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
