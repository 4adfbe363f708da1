//! Comments on a matter, each labelled with the speaker's role; one level of replies.

use serde::{Deserialize, Serialize};

use crate::rejection::Field;
use crate::{EntityId, Rejection, Role, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub id: EntityId,
    pub proposal: EntityId,
    /// The top-level comment this replies to; replies to a reply join the same thread.
    pub parent: Option<EntityId>,
    pub author_name: String,
    pub role: Role,
    pub body: String,
    pub at: Timestamp,
    /// The id of the person who wrote it (only they may edit it); empty for older records.
    #[serde(default)]
    pub author: String,
    /// 0 as written, one more at every edit: an edit names the revision it was made on.
    #[serde(default)]
    pub revision: u32,
    #[serde(default)]
    pub edited_at: Option<Timestamp>,
}

pub const MAX_COMMENT_CHARS: usize = 2_000;

impl Comment {
    /// A comment on a matter, or a reply when `reply_to` is given.
    pub fn new(
        id: EntityId,
        proposal: EntityId,
        reply_to: Option<&Comment>,
        author_name: &str,
        role: Role,
        body: &str,
        at: Timestamp,
    ) -> Result<Comment, Rejection> {
        let body = body.trim();
        if body.is_empty() {
            return Err(Rejection::Empty { field: Field::Comment });
        }
        if body.chars().count() > MAX_COMMENT_CHARS {
            return Err(Rejection::TooLong { field: Field::Comment, max: MAX_COMMENT_CHARS });
        }
        let parent = match reply_to {
            Some(parent) if parent.proposal != proposal => return Err(Rejection::WrongMatter),
            Some(parent) => Some(parent.parent.unwrap_or(parent.id)),
            None => None,
        };
        Ok(Comment {
            id,
            proposal,
            parent,
            author_name: author_name.trim().to_owned(),
            role,
            body: body.to_owned(),
            at,
            author: String::new(),
            revision: 0,
            edited_at: None,
        })
    }

    /// Replaces the text, checked as a new comment's is.
    pub fn edit(&mut self, body: &str, at: Timestamp) -> Result<(), Rejection> {
        let body = body.trim();
        if body.is_empty() {
            return Err(Rejection::Empty { field: Field::Comment });
        }
        if body.chars().count() > MAX_COMMENT_CHARS {
            return Err(Rejection::TooLong { field: Field::Comment, max: MAX_COMMENT_CHARS });
        }
        body.clone_into(&mut self.body);
        self.revision += 1;
        self.edited_at = Some(at);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> EntityId {
        EntityId::from_random_bytes([n; 16])
    }

    #[test]
    fn replies_stay_one_level_deep() {
        let top =
            Comment::new(id(1), id(9), None, "张师傅", Role::Property, "下周检修。", Timestamp(0))
                .expect("ok");
        let reply =
            Comment::new(id(2), id(9), Some(&top), "王阿姨", Role::Owner, "好的", Timestamp(1))
                .expect("ok");
        let nested =
            Comment::new(id(3), id(9), Some(&reply), "李", Role::Resident, "同意", Timestamp(2))
                .expect("ok");
        assert_eq!(reply.parent, Some(top.id));
        assert_eq!(nested.parent, Some(top.id));
    }

    #[test]
    fn refuses_empty_long_and_foreign_replies() {
        let top =
            Comment::new(id(1), id(9), None, "a", Role::Owner, "x", Timestamp(0)).expect("ok");
        assert_eq!(
            Comment::new(id(2), id(9), None, "a", Role::Owner, " \n", Timestamp(0)),
            Err(Rejection::Empty { field: Field::Comment })
        );
        let long = "字".repeat(2_001);
        assert_eq!(
            Comment::new(id(2), id(9), None, "a", Role::Owner, &long, Timestamp(0)),
            Err(Rejection::TooLong { field: Field::Comment, max: 2_000 })
        );
        assert_eq!(
            Comment::new(id(2), id(8), Some(&top), "a", Role::Owner, "x", Timestamp(0)),
            Err(Rejection::WrongMatter)
        );
    }
}
