//! The app shell: opens the device store, then the header, the routes and the bottom bar.

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

use crate::components::status::ConnectionStatus;
use crate::hall::Hall;
use crate::messages::t;
use crate::routes::{hall::HallPage, welcome::Welcome};

#[component]
pub fn App() -> impl IntoView {
    let opened = LocalResource::new(Hall::open);
    move || {
        match opened.get() {
        None => view! { <p class="notice" role="status">{t().loading}</p> }.into_any(),
        Some(Err(error)) => {
            view! { <p class="error" role="alert">{t().store_failed} " (" {error.to_string()} ")"</p> }.into_any()
        }
        Some(Ok(hall)) => {
            provide_context(hall);
            provide_context(hall.connection());
            provide_context(crate::sync::Admin(RwSignal::new(None)));
            view! { <Shell /> }.into_any()
        }
    }
    }
}

#[component]
fn Shell() -> impl IntoView {
    let hall = crate::hall::use_hall();
    #[cfg(target_arch = "wasm32")]
    crate::background::start(hall);
    // Every page but the hall and the welcome comes in the pages' chunk in the release build
    // (feature `split`, see `crate::lazy`); elsewhere they are plain routes.
    #[cfg(feature = "split")]
    let (
        matter,
        notice,
        register,
        me,
        signin,
        raise,
        admin,
        meetings,
        meeting,
        minutes,
        doors,
        meeting_doors,
        sheets,
    ) = {
        use crate::lazy::{
            AdminRoute, DoorsRoute, MatterRoute, MeRoute, MeetingDoorsRoute, MeetingRoute,
            MeetingsRoute, MinutesRoute, NoticeRoute, RaiseRoute, RegisterRoute, SheetsRoute,
            SignInRoute,
        };
        use leptos_router::Lazy;
        // Once the first screen is up, the chunks come in the background; the demo's only
        // while there is no community to show.
        Effect::new(move || {
            let demo = hall.community.get_untracked().is_none();
            leptos::task::spawn_local(crate::lazy::preload(demo));
        });
        (
            Lazy::<MatterRoute>::new(),
            Lazy::<NoticeRoute>::new(),
            Lazy::<RegisterRoute>::new(),
            Lazy::<MeRoute>::new(),
            Lazy::<SignInRoute>::new(),
            Lazy::<RaiseRoute>::new(),
            Lazy::<AdminRoute>::new(),
            Lazy::<MeetingsRoute>::new(),
            Lazy::<MeetingRoute>::new(),
            Lazy::<MinutesRoute>::new(),
            Lazy::<DoorsRoute>::new(),
            Lazy::<MeetingDoorsRoute>::new(),
            Lazy::<SheetsRoute>::new(),
        )
    };
    #[cfg(not(feature = "split"))]
    let (
        matter,
        notice,
        register,
        me,
        signin,
        raise,
        admin,
        meetings,
        meeting,
        minutes,
        doors,
        meeting_doors,
        sheets,
    ) = {
        use crate::routes::{
            admin::AdminPage,
            doors::{DoorsPage, MeetingDoorsPage},
            matter::MatterPage,
            me::MePage,
            meeting::MeetingPage,
            meetings::MeetingsPage,
            minutes::MinutesPage,
            notice::NoticePage,
            raise::RaisePage,
            register::RegisterPage,
            sheets::SheetsPage,
            signin::SignInPage,
        };
        (
            MatterPage,
            NoticePage,
            RegisterPage,
            MePage,
            SignInPage,
            RaisePage,
            AdminPage,
            MeetingsPage,
            MeetingPage,
            MinutesPage,
            DoorsPage,
            MeetingDoorsPage,
            SheetsPage,
        )
    };
    Effect::new(move || {
        // Large type is a class on the root element, so every screen and the browser's own
        // controls follow it.
        let large = hall.settings.read().large_type;
        if let Some(root) =
            web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element())
        {
            let _ = root.class_list().toggle_with_force("large", large);
        }
    });
    view! {
        <Router>
            <header class="top">
                <A href="/" attr:class="top__name">
                    {move || hall.community.read().as_ref().map_or(t().hall_name.to_owned(), |c| c.name.clone())}
                </A>
                <ConnectionStatus />
            </header>
            <main class="page">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HallPage />
                    <Route path=path!("/welcome") view=Welcome />
                    <Route path=path!("/signin") view=signin />
                    <Route path=path!("/admin") view=admin />
                    <Route path=path!("/me") view=me />
                    <Route path=path!("/new") view=raise />
                    <Route path=path!("/register") view=register />
                    <Route path=path!("/m/:id") view=matter />
                    <Route path=path!("/m/:id/notice") view=notice />
                    <Route path=path!("/m/:id/doors") view=doors />
                    <Route path=path!("/m/:id/sheets") view=sheets />
                    <Route path=path!("/meetings") view=meetings />
                    <Route path=path!("/meetings/:id") view=meeting />
                    <Route path=path!("/meetings/:id/minutes") view=minutes />
                    <Route path=path!("/meetings/:id/doors") view=meeting_doors />
                </Routes>
            </main>
            <Flash />
            <nav class="bottom" aria-label=t().nav_main>
                <A href="/" exact=true>{t().nav_hall}</A>
                <A href="/new">{t().nav_raise}</A>
                <A href="/me">{t().nav_me}</A>
            </nav>
        </Router>
    }
}

/// The outcome of the last action, above the bottom bar: "已计入" or why it was refused.
#[component]
fn Flash() -> impl IntoView {
    let hall = crate::hall::use_hall();
    move || {
        hall.flash.get().map(|f| {
            let (class, role) = if f.refused { ("flash flash--refused", "alert") } else { ("flash", "status") };
            view! {
                <div class=class role=role>
                    <span>{f.text}</span>
                    <button type="button" class="link-button" on:click=move |_| hall.flash.set(None)>{t().close}</button>
                </div>
            }
        })
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <p class="notice">{t().not_found}</p>
        <A href="/">{t().back_to_hall}</A>
    }
}
