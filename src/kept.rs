//! What a person is in the middle of on a page (a comment half typed, a poll's ticked choices,
//! a reason half written, how many comments they opened), kept by the page and not by the
//! parts drawn from stored data.
//!
//! Those parts are drawn anew whenever stored data changes: a sync that brings a neighbour's
//! comment, a ballot counted, a change the server refused. What the person was doing must
//! survive that, so a part asks the page for its signals by name and record instead of making
//! its own.

use std::any::Any;

use leptos::prelude::*;
use rustc_hash::FxHashMap;
use yishiting_domain::EntityId;

/// What is kept, and of which record: `("comment", proposal)`.
type Key = (&'static str, EntityId);

/// A page's keeping. Made by the page, under the page's owner, so what it keeps lives as long
/// as the page does, whatever is redrawn inside it.
#[derive(Clone, Copy)]
pub struct Kept {
    owner: StoredValue<Owner, LocalStorage>,
    signals: StoredValue<FxHashMap<Key, Box<dyn Any>>, LocalStorage>,
}

impl Kept {
    /// Starts keeping for the page being made, and offers it to the parts inside.
    pub fn provide() -> Kept {
        let kept = Kept {
            owner: StoredValue::new_local(Owner::current().unwrap_or_default()),
            signals: StoredValue::new_local(FxHashMap::default()),
        };
        provide_context(kept);
        kept
    }

    /// The page's signal for `what` of the record `of`, made from `init` the first time.
    pub fn signal<T: Send + Sync + 'static>(
        self,
        what: &'static str,
        of: EntityId,
        init: impl FnOnce() -> T,
    ) -> RwSignal<T> {
        let key = (what, of);
        let found = self.signals.with_value(|signals| {
            signals.get(&key).and_then(|kept| kept.downcast_ref::<RwSignal<T>>().copied())
        });
        if let Some(found) = found {
            return found;
        }
        let made = self.owner.with_value(|owner| owner.with(|| RwSignal::new(init())));
        self.signals.update_value(|signals| {
            signals.insert(key, Box::new(made));
        });
        made
    }
}

/// The page's signal for `what` of `of` when a page keeps things; else one of the caller's own.
pub fn kept<T: Send + Sync + 'static>(
    what: &'static str,
    of: EntityId,
    init: impl FnOnce() -> T,
) -> RwSignal<T> {
    match use_context::<Kept>() {
        Some(kept) => kept.signal(what, of, init),
        None => RwSignal::new(init()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> EntityId {
        EntityId::from_random_bytes([n; 16])
    }

    #[test]
    fn a_part_drawn_again_finds_what_the_first_drawing_kept() {
        let page = Owner::new();
        page.with(|| {
            let kept = Kept::provide();
            let first = Owner::new();
            let typed = first.with(|| kept.signal("comment", id(1), String::new));
            typed.set("写了一半的意见".to_owned());
            // The part is drawn again: its first owner goes, the page's keeping stays.
            drop(first);
            let again = Owner::new().with(|| kept.signal("comment", id(1), String::new));
            assert_eq!(again.get_untracked(), "写了一半的意见");
        });
    }

    #[test]
    fn each_record_and_each_thing_is_kept_apart() {
        Owner::new().with(|| {
            let kept = Kept::provide();
            kept.signal("comment", id(1), || "一".to_owned());
            assert_eq!(kept.signal("comment", id(2), || "二".to_owned()).get_untracked(), "二");
            assert_eq!(kept.signal("reason", id(1), || "三".to_owned()).get_untracked(), "三");
            assert_eq!(kept.signal("comment", id(1), String::new).get_untracked(), "一");
        });
    }

    #[test]
    fn with_no_page_keeping_a_part_has_its_own() {
        Owner::new().with(|| {
            let own = kept("comment", id(1), || "自己的".to_owned());
            assert_eq!(own.get_untracked(), "自己的");
            assert_eq!(kept("comment", id(1), String::new).get_untracked(), "");
        });
    }
}
