//! The app shell: header, connection status and routes.

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

use crate::components::status::ConnectionStatus;
use crate::messages::t;
use crate::routes::hall::Hall;

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <header class="top">
                <h1 class="top__name">{t().hall_name}</h1>
                <ConnectionStatus />
            </header>
            <main class="page">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Hall />
                </Routes>
            </main>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <p class="notice">{t().not_found}</p>
        <A href="/">{t().back_to_hall}</A>
    }
}
