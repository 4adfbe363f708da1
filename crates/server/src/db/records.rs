//! The domain's [`Records`] over one SQLite transaction: the rules read and write through it,
//! and every row written carries the version of the push batch that wrote it, so a pull can
//! ask for everything since the version it has.

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;
use serde::de::DeserializeOwned;
use yishiting_domain::records::{BallotRecord, Card, DeliveryRecord, Record, Records};
use yishiting_domain::{
    Comment, EntityId, Meeting, OwnerKey, OwnersVote, PaperSheet, Poll, Proposal, Proxy,
    SignInRecord, Unit, UnitId,
};

/// The store's own failure: SQLite, or a row that is not the JSON it should be.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("数据库错误：{0}")]
    Sql(#[from] rusqlite::Error),
    #[error("数据库中的记录无法读取：{0}")]
    Json(#[from] serde_json::Error),
}

#[derive(Debug)]
pub(crate) struct SqlRecords<'t> {
    pub tx: &'t Transaction<'t>,
    pub community: i64,
    /// The version this batch writes.
    pub version: i64,
}

impl SqlRecords<'_> {
    fn get<T: DeserializeOwned>(&self, kind: &str, id: &str) -> Result<Option<T>, StoreError> {
        let body: Option<String> = self
            .tx
            .query_row(
                "SELECT body FROM records WHERE community = ?1 AND kind = ?2 AND id = ?3",
                params![self.community, kind, id],
                |row| row.get(0),
            )
            .optional()?;
        Ok(body.map(|b| serde_json::from_str(&b)).transpose()?)
    }

    fn upsert<T: Serialize>(&self, kind: &str, id: &str, value: &T) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO records (community, kind, id, body, version) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (community, kind, id) DO UPDATE SET body = excluded.body,
                                                           version = excluded.version",
            params![self.community, kind, id, serde_json::to_string(value)?, self.version],
        )?;
        Ok(())
    }

    fn ballot_where(
        &self,
        clause: &str,
        params: impl rusqlite::Params,
    ) -> Result<Option<BallotRecord>, StoreError> {
        let sql = format!("SELECT body FROM ballots WHERE {clause}");
        let body: Option<String> = self.tx.query_row(&sql, params, |row| row.get(0)).optional()?;
        Ok(body.map(|b| serde_json::from_str(&b)).transpose()?)
    }
}

/// The kind names of the records table, which are also the `kind` of a pulled change.
pub(crate) fn kind(record: &Record) -> &'static str {
    match record {
        Record::Proposal(_) => "proposal",
        Record::Card(_) => "card",
        Record::Comment(_) => "comment",
        Record::Poll(_) => "poll",
        Record::Vote(_) => "vote",
        Record::Ballot(_) => "ballot",
        Record::Delivery(_) => "delivery",
        Record::Meeting(_) => "meeting",
        Record::SignIn(_) => "sign_in",
        Record::Proxy(_) => "proxy",
        Record::Sheet(_) => "sheet",
    }
}

impl Records for SqlRecords<'_> {
    type Error = StoreError;

    async fn unit(&mut self, id: &UnitId) -> Result<Option<Unit>, StoreError> {
        let body: Option<String> = self
            .tx
            .query_row(
                "SELECT body FROM units WHERE community = ?1 AND id = ?2",
                params![self.community, id.as_str()],
                |row| row.get(0),
            )
            .optional()?;
        Ok(body.map(|b| serde_json::from_str(&b)).transpose()?)
    }
    async fn proposal(&mut self, id: EntityId) -> Result<Option<Proposal>, StoreError> {
        self.get("proposal", &id.to_string())
    }
    async fn card(&mut self, id: EntityId) -> Result<Option<Card>, StoreError> {
        self.get("card", &id.to_string())
    }
    async fn comment(&mut self, id: EntityId) -> Result<Option<Comment>, StoreError> {
        self.get("comment", &id.to_string())
    }
    async fn poll(&mut self, id: EntityId) -> Result<Option<Poll>, StoreError> {
        self.get("poll", &id.to_string())
    }
    async fn vote(&mut self, id: EntityId) -> Result<Option<OwnersVote>, StoreError> {
        self.get("vote", &id.to_string())
    }
    async fn ballot(&mut self, id: EntityId) -> Result<Option<BallotRecord>, StoreError> {
        self.ballot_where("community = ?1 AND id = ?2", params![self.community, id.to_string()])
    }
    async fn delivery(&mut self, key: &str) -> Result<Option<DeliveryRecord>, StoreError> {
        self.get("delivery", key)
    }
    async fn meeting(&mut self, id: EntityId) -> Result<Option<Meeting>, StoreError> {
        self.get("meeting", &id.to_string())
    }
    async fn sign_in(&mut self, key: &str) -> Result<Option<SignInRecord>, StoreError> {
        self.get("sign_in", key)
    }
    async fn proxy(&mut self, id: EntityId) -> Result<Option<Proxy>, StoreError> {
        self.get("proxy", &id.to_string())
    }
    async fn sheet(&mut self, key: &str) -> Result<Option<PaperSheet>, StoreError> {
        self.get("sheet", key)
    }
    async fn proxies(&mut self, meeting: EntityId) -> Result<Vec<Proxy>, StoreError> {
        // A meeting's few authorisations, among the community's records of their kind.
        let mut statement = self.tx.prepare_cached(
            "SELECT body FROM records WHERE community = ?1 AND kind = 'proxy'
               AND json_extract(body, '$.meeting') = ?2",
        )?;
        let bodies = statement.query_map(params![self.community, meeting.to_string()], |row| {
            row.get::<_, String>(0)
        })?;
        let mut proxies = Vec::new();
        for body in bodies {
            proxies.push(serde_json::from_str(&body?)?);
        }
        Ok(proxies)
    }
    async fn owner_ballot(
        &mut self,
        vote: EntityId,
        owner: &OwnerKey,
    ) -> Result<Option<BallotRecord>, StoreError> {
        self.ballot_where(
            "community = ?1 AND vote = ?2 AND owner = ?3 AND duplicate_of IS NULL",
            params![self.community, vote.to_string(), owner.as_str()],
        )
    }
    async fn next_seq(&mut self) -> Result<u64, StoreError> {
        let seq: i64 = self.tx.query_row(
            "UPDATE communities SET seq = seq + 1 WHERE id = ?1 RETURNING seq",
            params![self.community],
            |row| row.get(0),
        )?;
        Ok(u64::try_from(seq).unwrap_or_default())
    }
    async fn put(&mut self, record: Record) -> Result<(), StoreError> {
        let kind = kind(&record);
        match &record {
            // A ballot is written once and never replaced: the primary key and the unique
            // index on counted ballots refuse a second one at the database itself.
            Record::Ballot(b) => {
                self.tx.execute(
                    "INSERT INTO ballots (community, id, vote, owner, seq, duplicate_of, body, version)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        self.community,
                        b.id.to_string(),
                        b.vote.to_string(),
                        b.owner.as_str(),
                        i64::try_from(b.seq).unwrap_or(i64::MAX),
                        b.duplicate_of.map(|d| d.to_string()),
                        serde_json::to_string(b)?,
                        self.version
                    ],
                )?;
                Ok(())
            }
            Record::Proposal(p) => self.upsert(kind, &p.id.to_string(), p),
            Record::Card(c) => self.upsert(kind, &c.id.to_string(), c),
            Record::Comment(c) => self.upsert(kind, &c.id.to_string(), c),
            Record::Poll(p) => self.upsert(kind, &p.id.to_string(), p),
            Record::Vote(v) => self.upsert(kind, &v.id.to_string(), v),
            Record::Delivery(d) => self.upsert(kind, &d.id, d),
            Record::Meeting(m) => self.upsert(kind, &m.id.to_string(), m),
            Record::Proxy(p) => self.upsert(kind, &p.id.to_string(), p),
            Record::Sheet(s) => self.upsert(kind, &s.id, s),
            // Like a ballot, a sign-in is written once: the primary key refuses a second
            // sign-in of an owner at a meeting at the database itself.
            Record::SignIn(s) => {
                self.tx.execute(
                    "INSERT INTO records (community, kind, id, body, version)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![self.community, kind, s.id, serde_json::to_string(s)?, self.version],
                )?;
                Ok(())
            }
        }
    }
}

/// SQLite's records answer synchronously: the rules over them run to their end at once.
pub(crate) use yishiting_domain::records::now_or_never;
