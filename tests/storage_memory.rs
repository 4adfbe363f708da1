//! The storage contract against the memory store.
#![cfg(not(target_arch = "wasm32"))]

mod contract;

use yishiting::storage::memory::MemoryStore;

fn run<F: std::future::Future>(future: F) -> F::Output {
    futures::executor::block_on(future)
}

macro_rules! contract_test {
    ($name:ident, $store:expr) => {
        #[test]
        fn $name() {
            run(contract::$name(&$store));
        }
    };
}

contract_tests!(MemoryStore::new());

#[test]
fn export_restore_round_trip() {
    run(contract::export_restore_round_trip(&MemoryStore::new(), &MemoryStore::new()));
}
