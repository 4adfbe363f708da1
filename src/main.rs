//! Entry point of the WebAssembly app: mount the hall on the page.

fn main() {
    yishiting::start();
}
