//! Links the app's WebAssembly with its relocations when it is split into lazily loaded chunks
//! (feature `split`, the release build): scripts/wasm-split/ needs them to cut the module at its
//! split points. Other builds (tests, lints) stay ordinary modules.
#![allow(clippy::print_stdout)]

fn main() {
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo:rustc-link-arg-bins=--emit-relocs");
    }
}
