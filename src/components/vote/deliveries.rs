//! Recording deliveries (送达) of a vote's ballot.

use leptos::prelude::*;
use yishiting_domain::files::read_delivered;
use yishiting_domain::mutation::Mutation;
use yishiting_domain::records::DeliveryMethod;
use yishiting_domain::{EntityId, NonResponse, Register, UnitId};

use crate::hall::use_hall;
use crate::messages::{doors, t};
use crate::storage::Store;

/// Deliveries (送达) of the ballot: the committee or an officer records them, from a
/// `delivered.csv` or for every unit at once; under follow-majority only delivered owners who
/// did not vote are deemed to participate. None are taken once the count is sealed or its
/// counting period is over (`receiving` false).
#[component]
pub(super) fn Deliveries(
    vote: EntityId,
    policy: NonResponse,
    delivered: usize,
    receiving: bool,
) -> impl IntoView {
    let hall = use_hall();
    let may = move || {
        receiving && hall.profile.read().as_ref().is_some_and(|p| p.role.may_record_deliveries())
    };
    // How the ballots being recorded were delivered: asked once for the batch.
    let method = crate::kept::kept("delivery-method", vote, || DeliveryMethod::Slip);
    let record = move |units: Vec<UnitId>| {
        leptos::task::spawn_local(async move {
            let count = units.len();
            let method = Some(method.get_untracked());
            match hall.apply(Mutation::RecordDeliveries { vote, units, method }).await {
                Ok(_) => hall.say(format!("{} {count}", t().deliveries_recorded), false),
                Err(message) => hall.say(message, true),
            }
        });
    };
    let all = move |_| {
        leptos::task::spawn_local(async move {
            match hall.store().units().await {
                Ok(units) => record(units.into_iter().map(|u| u.id).collect()),
                Err(e) => hall.say(e.to_string(), true),
            }
        });
    };
    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        leptos::task::spawn_local(async move {
            let read = async {
                let Some((file, bytes)) = crate::device::read_chosen_file(&input).await? else {
                    return Ok(None);
                };
                let units = hall.store().units().await.map_err(|e| e.to_string())?;
                let register = Register::new(units).map_err(|e| e.to_string())?;
                read_delivered(&file, &bytes, &register)
                    .map(Some)
                    .map_err(|errors| errors.to_string())
            };
            match read.await {
                Ok(Some(units)) => record(units),
                Ok(None) => {}
                Err(message) => hall.say(message, true),
            }
            input.set_value("");
        });
    };
    let note = match policy {
        NonResponse::FollowMajority => t().deliveries_follow,
        NonResponse::None => t().deliveries_none,
    };
    view! {
        <div class="deliveries">
            <p class="hint">{t().deliveries} " " {delivered} " · " {note}</p>
            <Show when=may>
                <label class="field">
                    {doors::t().method_label}
                    <select
                        name="delivery-method"
                        on:change=move |ev| {
                            let picked = event_target_value(&ev);
                            if let Some(m) = DeliveryMethod::ALL.into_iter().find(|m| method_value(*m) == picked) {
                                method.set(m);
                            }
                        }
                    >
                        {DeliveryMethod::ALL
                            .into_iter()
                            .map(|m| {
                                view! {
                                    <option value=method_value(m) selected=move || method.get() == m>
                                        {method_name(m)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <button type="button" class="button" on:click=all>{t().deliveries_all}</button>
                <label class="button button--file">
                    {t().deliveries_import}
                    <input type="file" accept=".csv,text/csv" class="visually-hidden" name="delivered-csv" on:change=import />
                </label>
            </Show>
        </div>
    }
}

/// A method as the protocol writes it, for the form's values.
fn method_value(method: DeliveryMethod) -> &'static str {
    match method {
        DeliveryMethod::Slip => "slip",
        DeliveryMethod::InPerson => "in_person",
        DeliveryMethod::Wechat => "wechat",
        DeliveryMethod::RegisteredMail => "registered_mail",
        DeliveryMethod::SignedIn => "signed_in",
        DeliveryMethod::Other => "other",
    }
}

/// A method in the catalogue's words.
pub(crate) fn method_name(method: DeliveryMethod) -> &'static str {
    let t = doors::t();
    match method {
        DeliveryMethod::Slip => t.method_slip,
        DeliveryMethod::InPerson => t.method_in_person,
        DeliveryMethod::Wechat => t.method_wechat,
        DeliveryMethod::RegisteredMail => t.method_registered_mail,
        DeliveryMethod::SignedIn => t.method_signed_in,
        DeliveryMethod::Other => t.method_other,
    }
}
