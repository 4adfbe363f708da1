//! The contract every [`Store`] keeps, written once and run against each implementation:
//! `storage_memory.rs` natively, `storage_idb.rs` in headless Chromium.

use yishiting::storage::state::Raw;
use yishiting::storage::{
    Account, Backup, Change, Community, Link, MutationResult, Profile, Pulled, Recovery,
    ServerTally, Settings, Store,
};
use yishiting_domain::mutation::{Actor, Applied, Envelope, Mutation, Rejection, StageAction};
use yishiting_domain::wire::Status;
use yishiting_domain::{
    Area, Channel, Choice, EntityId, Matter, NonResponse, OwnerKey, ProposalDraft, Role, Stage,
    Timestamp, Unit, UnitId,
};

fn id(n: u8) -> EntityId {
    EntityId::from_random_bytes([n; 16])
}

fn unit_id(text: &str) -> UnitId {
    UnitId::parse(text).expect("unit id")
}

fn units() -> Vec<Unit> {
    [
        ("1-101", 9_000, "wang"),
        ("1-102", 6_000, "wang"),
        ("1-201", 9_000, "li"),
        ("1-202", 9_000, "zhang"),
    ]
    .into_iter()
    .map(|(id, area, owner)| Unit {
        id: unit_id(id),
        area: Area::from_hundredths(area),
        owner: OwnerKey::parse(owner).expect("owner"),
        building: Some("1".to_owned()),
        room: None,
        owner_name: Some("测试".to_owned()),
    })
    .collect()
}

fn actor(name: &str, role: Role, unit: Option<&str>) -> Actor {
    Actor {
        id: name.to_owned(),
        name: name.to_owned(),
        role,
        unit: unit.map(unit_id),
        device: "test".to_owned(),
    }
}

fn envelope(n: u8, at: i64, actor: &Actor, mutation: Mutation) -> Envelope {
    Envelope {
        id: id(200 + n),
        at: Timestamp(at),
        recorded_at: None,
        actor: actor.clone(),
        mutation,
    }
}

fn raise(n: u8, at: i64, title: &str) -> Envelope {
    let draft = ProposalDraft {
        title: title.to_owned(),
        body: "内容".to_owned(),
        category: "其他".to_owned(),
    };
    envelope(
        n,
        at,
        &actor("刘", Role::Resident, None),
        Mutation::RaiseProposal { id: id(n), draft },
    )
}

fn comment(n: u8, at: i64, proposal: EntityId, body: &str) -> Envelope {
    let mutation =
        Mutation::AddComment { id: id(n), proposal, reply_to: None, body: body.to_owned() };
    envelope(n, at, &actor("王", Role::Owner, Some("1-101")), mutation)
}

async fn ok<S: Store>(store: &S, envelope: &Envelope) -> Applied {
    store.apply(envelope).await.expect("store works").expect("rules accept")
}

pub async fn a_new_store_is_empty<S: Store>(store: &S) {
    assert_eq!(store.community().await, Ok(None));
    assert_eq!(store.profile().await, Ok(None));
    assert_eq!(store.settings().await, Ok(Settings::default()));
    assert_eq!(store.cards().await, Ok(vec![]));
    assert_eq!(store.units().await, Ok(vec![]));
}

pub async fn community_profile_and_settings_round_trip<S: Store>(store: &S) {
    let community = Community {
        name: "南方上格林".to_owned(),
        policy: NonResponse::FollowMajority,
        created_at: Timestamp(5),
    };
    store.set_community(&community).await.expect("save");
    let profile = Profile {
        id: "p1".to_owned(),
        name: "王阿姨".to_owned(),
        role: Role::Owner,
        unit: Some(unit_id("1-101")),
        device: "d1".to_owned(),
    };
    store.set_profile(&profile).await.expect("save");
    store.set_settings(&Settings { large_type: true }).await.expect("save");
    assert_eq!(store.community().await, Ok(Some(community)));
    assert_eq!(store.profile().await, Ok(Some(profile)));
    assert_eq!(store.settings().await, Ok(Settings { large_type: true }));
}

pub async fn the_register_is_replaced_whole<S: Store>(store: &S) {
    store.replace_units(&units()).await.expect("save");
    assert_eq!(store.units().await.map(|u| u.len()), Ok(4));
    store.replace_units(&units()[..1]).await.expect("save");
    assert_eq!(store.units().await, Ok(units()[..1].to_vec()));
}

pub async fn changes_are_applied_and_listed<S: Store>(store: &S) {
    ok(store, &raise(1, 10, "停车公约")).await;
    ok(store, &raise(2, 20, "花盆")).await;
    ok(store, &comment(3, 30, id(1), "第二条")).await;
    ok(store, &comment(4, 25, id(1), "第一条")).await;
    let cards = store.cards().await.expect("cards");
    let titles: Vec<&str> = cards.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["停车公约", "花盆"], "newest activity first");
    assert_eq!(cards[0].comments, 2);
    let bodies: Vec<String> =
        store.comments(id(1)).await.expect("comments").into_iter().map(|c| c.body).collect();
    assert_eq!(bodies, ["第一条", "第二条"], "oldest first");
    assert_eq!(store.comments(id(2)).await, Ok(vec![]));
    assert_eq!(
        store.proposal(id(2)).await.expect("read").map(|p| p.title),
        Some("花盆".to_owned())
    );
    assert_eq!(store.proposal(id(99)).await, Ok(None));
}

pub async fn a_refused_change_writes_nothing<S: Store>(store: &S) {
    ok(store, &raise(1, 10, "停车公约")).await;
    let before = store.export().await.expect("export");
    let advance = Mutation::MoveStage { proposal: id(1), action: StageAction::Advance };
    let refused = store
        .apply(&envelope(5, 11, &actor("刘", Role::Resident, None), advance))
        .await
        .expect("store works");
    assert_eq!(refused.map_err(|r| r.code()), Err("not_allowed"));
    assert_eq!(store.export().await.expect("export"), before);
}

/// A matter in 决议 with an owners' vote open from 10 to 1000, and the register stored.
async fn open_vote<S: Store>(store: &S) -> EntityId {
    store.replace_units(&units()).await.expect("units");
    ok(store, &raise(1, 1, "电梯大修")).await;
    let committee = actor("周主任", Role::Committee, None);
    for n in 0..3 {
        let advance = Mutation::MoveStage { proposal: id(1), action: StageAction::Advance };
        ok(store, &envelope(10 + n, 2, &committee, advance)).await;
    }
    let open = Mutation::OpenVote {
        id: id(20),
        proposal: id(1),
        matter: Matter::new(5).expect("matter"),
        opens_at: Timestamp(10),
        closes_at: Timestamp(1000),
        policy: NonResponse::None,
        counting_hours: 24,
    };
    ok(store, &envelope(20, 3, &committee, open)).await;
    id(20)
}

/// A meeting and its sign-ins: listed, one per owner (the second of an owner refused and not
/// written), in the order they were taken.
pub async fn meetings_and_one_sign_in_per_owner<S: Store>(store: &S) {
    use yishiting_domain::{MeetingDraft, MeetingKind};
    store.replace_units(&units()).await.expect("units");
    let committee = actor("周主任", Role::Committee, None);
    let draft = MeetingDraft {
        kind: MeetingKind::Discussion,
        title: "议事会".to_owned(),
        place: "活动室".to_owned(),
        starts_at: Timestamp(10_000),
        ends_at: Timestamp(20_000),
        agenda: vec![],
        tellers: vec![],
        scrutineers: vec![],
        max_proxies: 1,
    };
    ok(store, &envelope(1, 1, &committee, Mutation::CreateMeeting { id: id(60), draft })).await;
    let notice = Mutation::PublishNotice { meeting: id(60), early_reason: None };
    ok(store, &envelope(2, 2, &committee, notice)).await;
    let officer = actor("孙桂兰", Role::Officer, None);
    let sign = |n: u8, at: i64, unit: &str| {
        envelope(n, at, &officer, Mutation::SignInOwner { meeting: id(60), unit: unit_id(unit) })
    };
    ok(store, &sign(3, 12_000, "1-201")).await;
    ok(store, &sign(4, 11_000, "1-102")).await;
    let again = store.apply(&sign(5, 13_000, "1-101")).await.expect("store works");
    assert_eq!(again, Err(Rejection::AlreadySignedIn { unit: unit_id("1-102") }));
    let meetings = store.meetings().await.expect("meetings");
    assert_eq!(meetings.iter().map(|m| m.id).collect::<Vec<_>>(), [id(60)]);
    assert!(meetings[0].notice.is_some());
    assert_eq!(store.meeting(id(60)).await, Ok(Some(meetings[0].clone())));
    assert_eq!(store.meeting(id(61)).await, Ok(None));
    let signed: Vec<String> = store
        .sign_ins(id(60))
        .await
        .expect("sign-ins")
        .iter()
        .map(|s| s.unit.to_string())
        .collect();
    assert_eq!(signed, ["1-102", "1-201"]);
    assert_eq!(store.sign_ins(id(61)).await, Ok(vec![]));
}

/// A meeting's authorisations: listed in the order recorded, revoked ones too; those in force
/// that cover a vote found from the vote; every vote listed for an agenda.
pub async fn proxies_by_meeting_and_by_vote<S: Store>(store: &S) {
    use yishiting_domain::{MeetingDraft, MeetingKind, ProxyDraft};
    let vote = open_vote(store).await;
    let committee = actor("周主任", Role::Committee, None);
    let draft = MeetingDraft {
        kind: MeetingKind::Discussion,
        title: "议事会".to_owned(),
        place: "活动室".to_owned(),
        starts_at: Timestamp(100),
        ends_at: Timestamp(900),
        agenda: vec![vote],
        tellers: vec![],
        scrutineers: vec![],
        max_proxies: 2,
    };
    ok(store, &envelope(30, 4, &committee, Mutation::CreateMeeting { id: id(60), draft })).await;
    let record = |n: u8, at: i64, unit: &str| {
        let draft = ProxyDraft {
            unit: unit_id(unit),
            agent: "王强".to_owned(),
            agent_contact: "1234".to_owned(),
            votes: vec![],
        };
        envelope(n, at, &committee, Mutation::RecordProxy { id: id(n), meeting: id(60), draft })
    };
    ok(store, &record(31, 6, "1-201")).await;
    ok(store, &record(32, 5, "1-101")).await;
    ok(store, &envelope(33, 7, &committee, Mutation::RevokeProxy { proxy: id(31) })).await;
    let listed: Vec<_> =
        store.proxies(id(60)).await.expect("proxies").iter().map(|p| p.id).collect();
    assert_eq!(listed, [id(32), id(31)], "in the order recorded");
    let covering = store.proxies_for_vote(vote).await.expect("proxies");
    assert_eq!(covering.iter().map(|p| p.id).collect::<Vec<_>>(), [id(32)], "in force only");
    assert_eq!(store.proxies_for_vote(id(99)).await, Ok(vec![]));
    assert_eq!(store.all_votes().await.map(|v| v.len()), Ok(1));
}

pub async fn ballots_keep_acceptance_order_and_duplicates<S: Store>(store: &S) {
    let vote = open_vote(store).await;
    let officer = actor("计票人", Role::Officer, None);
    let cast = |n: u8, unit: &str, choice| {
        let mutation = Mutation::CastBallot {
            id: id(n),
            vote,
            unit: unit_id(unit),
            choice,
            channel: Channel::Meeting,
            sheet: None,
            proxy: None,
        };
        envelope(n, 100 + i64::from(n), &officer, mutation)
    };
    assert_eq!(ok(store, &cast(31, "1-201", Choice::No)).await, Applied::BallotCounted { seq: 1 });
    assert_eq!(ok(store, &cast(32, "1-101", Choice::Yes)).await, Applied::BallotCounted { seq: 2 });
    let again = store.apply(&cast(33, "1-102", Choice::No)).await.expect("store works");
    assert_eq!(again.map_err(|r| r.code()), Err("already_voted"));
    let ballots = store.ballots(vote).await.expect("ballots");
    let units: Vec<&str> = ballots.iter().map(|b| b.unit.as_str()).collect();
    assert_eq!(units, ["1-201", "1-101", "1-102"]);
    assert_eq!(ballots[2].duplicate_of, Some(id(32)));
    assert_eq!(store.votes(id(1)).await.map(|v| v.len()), Ok(1));
    assert_eq!(store.vote(vote).await.map(|v| v.map(|v| v.proposal)), Ok(Some(id(1))));
    assert_eq!(store.vote(id(99)).await, Ok(None));
    assert_eq!(
        store.cards().await.expect("cards")[0].vote.as_ref().map(|v| v.ballots),
        Some(2),
        "counted ballots only"
    );
    let deliver = Mutation::RecordDeliveries {
        vote,
        units: vec![unit_id("1-202"), unit_id("1-101")],
        method: None,
    };
    ok(store, &envelope(34, 150, &actor("周主任", Role::Committee, None), deliver)).await;
    let delivered = store.deliveries(vote).await.expect("deliveries");
    let mut delivered: Vec<UnitId> = delivered.into_iter().map(|d| d.unit).collect();
    delivered.sort();
    assert_eq!(delivered, [unit_id("1-101"), unit_id("1-202")]);
    // Recorded again, by someone else and later: the first recording stands.
    let again = Mutation::RecordDeliveries { vote, units: vec![unit_id("1-101")], method: None };
    ok(store, &envelope(35, 160, &actor("孙桂兰", Role::Officer, None), again)).await;
    let kept = store.export().await.expect("export").records.deliveries;
    let first = &kept[&format!("{vote}:1-101")];
    assert_eq!((first.at.0, first.recorded_by.as_str()), (150, "周主任"));
    assert_eq!(kept.len(), 2);
}

pub async fn concurrent_changes_are_not_lost<S: Store>(store: &S) {
    ok(store, &raise(1, 1, "停车公约")).await;
    let (a, b, c) =
        (comment(2, 2, id(1), "甲"), comment(3, 3, id(1), "乙"), comment(4, 4, id(1), "丙"));
    let (ra, rb, rc) = futures::join!(store.apply(&a), store.apply(&b), store.apply(&c));
    for result in [ra, rb, rc] {
        assert!(matches!(result, Ok(Ok(Applied::Done))), "{result:?}");
    }
    assert_eq!(store.cards().await.expect("cards")[0].comments, 3, "a lost update");
    assert_eq!(store.comments(id(1)).await.map(|c| c.len()), Ok(3));
}

pub async fn export_restore_round_trip<S: Store>(store: &S, other: &S) {
    let vote = open_vote(store).await;
    ok(store, &comment(40, 50, id(1), "支持")).await;
    let cast = Mutation::CastBallot {
        id: id(41),
        vote,
        unit: unit_id("1-101"),
        choice: Choice::Yes,
        channel: Channel::Online,
        sheet: None,
        proxy: None,
    };
    ok(store, &envelope(41, 60, &actor("王", Role::Owner, Some("1-102")), cast)).await;
    store
        .set_community(&Community {
            name: "秋实学府".to_owned(),
            policy: NonResponse::None,
            created_at: Timestamp(0),
        })
        .await
        .expect("save");
    let backup = store.export().await.expect("export");
    let text = backup.to_json();
    let read = Backup::from_json(&text).expect("our own backup reads back");
    other.restore(&read).await.expect("restore");
    assert_eq!(other.export().await.expect("export"), backup);
    assert_eq!(other.cards().await.expect("cards")[0].stage, Stage::Deciding);
    assert_eq!(other.ballots(vote).await.map(|b| b.len()), Ok(1));
    assert!(Backup::from_json("{\"format\":\"other\"}").is_err());
}

pub async fn clear_deletes_everything<S: Store>(store: &S) {
    open_vote(store).await;
    store.set_settings(&Settings { large_type: true }).await.expect("save");
    store.clear().await.expect("clear");
    a_new_store_is_empty(store).await;
    assert_eq!(store.proposal(id(1)).await, Ok(None));
}

/// The server's count of an empty vote over [`units`], as the vote panel keeps it.
pub fn server_count(matter: u8, at: i64) -> ServerTally {
    let register = yishiting_domain::Register::new(units()).expect("register");
    let matter = Matter::new(matter).expect("matter");
    let outcome =
        yishiting_domain::tally(&register, &[], matter, NonResponse::None, &[]).expect("count");
    ServerTally { outcome, at: Timestamp(at) }
}

pub async fn the_server_count_is_kept_per_vote_until_cleared<S: Store>(store: &S) {
    assert_eq!(store.server_tally(id(1)).await, Ok(None));
    store.set_server_tally(id(1), &server_count(5, 1_000)).await.expect("keep");
    store.set_server_tally(id(2), &server_count(6, 2_000)).await.expect("keep");
    store.set_server_tally(id(1), &server_count(7, 3_000)).await.expect("replace");
    assert_eq!(store.server_tally(id(1)).await, Ok(Some(server_count(7, 3_000))));
    assert_eq!(store.server_tally(id(2)).await, Ok(Some(server_count(6, 2_000))));
    store.clear().await.expect("clear");
    assert_eq!(store.server_tally(id(2)).await, Ok(None), "signing out forgets it");
}

fn link() -> Link {
    let account = Account {
        id: 7,
        community: 1,
        name: "计票人".to_owned(),
        role: Some(Role::Officer),
        unit: None,
    };
    Link::new(String::new(), 1, account, "t".to_owned(), "phone-1".to_owned())
}

fn result(id: u64, code: Option<&str>) -> MutationResult {
    MutationResult {
        id,
        status: if code.is_some() { Status::Rejected } else { Status::Accepted },
        code: code.map(str::to_owned),
        message: code.map(|c| format!("因为 {c}")),
        // The refusal as data, which the store keeps for the app to say in its own words.
        detail: code.map(|_| Rejection::NotYetOpen),
    }
}

pub async fn connected_changes_are_queued_with_the_change<S: Store>(store: &S) {
    store.replace_units(&units()).await.expect("units");
    ok(store, &raise(50, 1, "本机的事")).await;
    assert_eq!(store.outbox().await.expect("outbox"), [], "nothing is queued without a link");
    store.set_link(Some(&link())).await.expect("link");
    let vote = open_vote(store).await;
    let officer = actor("计票人", Role::Officer, None);
    let cast = |n: u8, unit: &str| {
        let mutation = Mutation::CastBallot {
            id: id(n),
            vote,
            unit: unit_id(unit),
            choice: Choice::Yes,
            channel: Channel::Meeting,
            sheet: None,
            proxy: None,
        };
        envelope(n, 100 + i64::from(n), &officer, mutation)
    };
    ok(store, &cast(41, "1-101")).await;
    let duplicate = store.apply(&cast(42, "1-102")).await.expect("store works");
    assert!(duplicate.is_err(), "refused locally as a duplicate, but recorded");
    let refused = store.apply(&raise(43, 5, "")).await.expect("store works");
    assert!(refused.is_err());
    let outbox = store.outbox().await.expect("outbox");
    let ids: Vec<u64> = outbox.iter().map(|q| q.id).collect();
    // open_vote's matter, advances and vote, the ballot and the recorded duplicate; not the
    // empty title, which wrote nothing.
    assert_eq!(ids, [1, 2, 3, 4, 5, 6, 7]);
    assert!(matches!(outbox[5].mutation, Mutation::CastBallot { id: b, .. } if b == id(41)));
    assert_eq!(outbox[5].at, Timestamp(141));
    assert_eq!(store.link().await.expect("link").map(|l| l.next_mutation), Some(8));

    // The server processed 1–6 and refused 6; 7 still waits. The accepted stay, acknowledged,
    // until a pull includes them (so a server restored from a backup can have them again).
    store.settle(6, &[result(5, None), result(6, Some("vote_not_open"))]).await.expect("settle");
    let outbox = store.outbox().await.expect("outbox");
    let ids: Vec<(u64, bool)> = outbox.iter().map(|q| (q.id, q.acked)).collect();
    assert_eq!(ids, [(1, true), (2, true), (3, true), (4, true), (5, true), (7, false)]);
    let waiting: Vec<u64> = yishiting::storage::waiting(outbox).iter().map(|q| q.id).collect();
    assert_eq!(waiting, [7]);
    assert_eq!(store.link().await.expect("link").map(|l| l.acknowledged), Some(6));
    let refusals = store.refused().await.expect("refused");
    assert_eq!(refusals.len(), 1);
    assert_eq!((refusals[0].id, refusals[0].code.as_str()), (6, "vote_not_open"));
    assert_eq!(refusals[0].detail, Some(Rejection::NotYetOpen));
    assert_eq!(refusals[0].why(), "表决尚未开始");
    assert!(matches!(refusals[0].mutation, Mutation::CastBallot { .. }));
    // Told twice (push, then pull), remembered once.
    store.settle(6, &[result(6, Some("vote_not_open"))]).await.expect("settle");
    assert_eq!(store.refused().await.expect("refused").len(), 1);
}

pub async fn a_pull_is_absorbed_whole<S: Store>(store: &S) {
    store.replace_units(&units()).await.expect("units");
    store.set_link(Some(&link())).await.expect("link");
    ok(store, &raise(1, 1, "本机提出")).await;
    let mut server = yishiting_domain::records::MemoryRecords::default();
    for unit in units() {
        server.units.insert(unit.id.clone(), unit);
    }
    server.apply_now(&raise(2, 2, "服务器上的事")).expect("server accepts");
    let changes = |records: &yishiting_domain::records::MemoryRecords| {
        let mut changes: Vec<Change> = records.units.values().cloned().map(Change::Unit).collect();
        changes.extend(records.proposals.values().cloned().map(Change::Proposal));
        changes.extend(records.cards.values().cloned().map(Change::Card));
        changes.iter().map(Raw::of).collect::<Vec<_>>()
    };
    let pulled = Pulled {
        version: 9,
        identity: Some("db-1".to_owned()),
        reset: false,
        last_mutation_id: 1,
        changes: changes(&server),
        results: vec![result(1, None)],
        more: false,
    };
    assert_eq!(store.absorb(&pulled, Timestamp(1_000)).await, Ok(None));
    let titles: Vec<String> =
        store.cards().await.expect("cards").into_iter().map(|c| c.title).collect();
    assert_eq!(titles, ["服务器上的事", "本机提出"]);
    assert_eq!(store.outbox().await.expect("outbox"), [], "processed changes leave the outbox");
    let link = store.link().await.expect("link").expect("still linked");
    assert_eq!((link.cookie, link.last_sync), (9, Some(Timestamp(1_000))));
    assert_eq!((link.identity.as_deref(), link.acknowledged), (Some("db-1"), 1));

    // The server's database was replaced: everything it sends is the whole.
    let pulled = Pulled {
        version: 2,
        identity: Some("db-2".to_owned()),
        reset: true,
        last_mutation_id: 0,
        changes: changes(&server),
        results: vec![],
        more: false,
    };
    // Its change 1, dropped once pulled, is not on the restored server either: lost.
    let recovery = store.absorb(&pulled, Timestamp(2_000)).await.expect("absorb");
    assert_eq!(recovery, Some(Recovery { resent: 0, lost: 1 }));
    let titles: Vec<String> =
        store.cards().await.expect("cards").into_iter().map(|c| c.title).collect();
    assert_eq!(titles, ["服务器上的事"]);
    assert_eq!(store.units().await.expect("units").len(), 4);
    assert_eq!(store.link().await.expect("link").map(|l| l.cookie), Some(2));

    store.set_link(None).await.expect("unlink");
    assert_eq!(store.link().await.expect("link"), None);
}

/// A pulled page is kept as it came: its ballots set where this device's numbering goes on,
/// and a kind of record this build does not know is kept but read as nothing.
pub async fn pulled_ballots_number_on_and_unknown_kinds_are_skipped<S: Store>(store: &S) {
    use yishiting_domain::records::BallotRecord;
    let vote = open_vote(store).await;
    let officer = actor("计票人", Role::Officer, None);
    let cast = |n: u8, unit: &str| {
        let mutation = Mutation::CastBallot {
            id: id(n),
            vote,
            unit: unit_id(unit),
            choice: Choice::Yes,
            channel: Channel::Meeting,
            sheet: None,
            proxy: None,
        };
        envelope(n, 100 + i64::from(n), &officer, mutation)
    };
    assert_eq!(ok(store, &cast(31, "1-101")).await, Applied::BallotCounted { seq: 1 });
    let pulled_ballot = BallotRecord {
        id: id(40),
        vote,
        seq: 41,
        unit: unit_id("1-201"),
        owner: OwnerKey::parse("li").expect("owner"),
        choice: Choice::No,
        channel: Channel::Online,
        recorded_by: "李".to_owned(),
        recorded_by_id: None,
        device: "phone".to_owned(),
        at: Timestamp(120),
        sheet: None,
        proxy: None,
        duplicate_of: None,
        received_at: Some(Timestamp(121)),
        late: false,
    };
    let page = Pulled {
        version: 3,
        identity: None,
        reset: false,
        last_mutation_id: 0,
        changes: vec![Raw::of(&Change::Ballot(pulled_ballot)), Raw::of(&Change::Unknown)],
        results: vec![],
        more: false,
    };
    store.absorb(&page, Timestamp(130)).await.expect("absorb");
    assert_eq!(ok(store, &cast(32, "1-202")).await, Applied::BallotCounted { seq: 42 });
    let ballots = store.ballots(vote).await.expect("ballots");
    let seqs: Vec<(u64, &str)> = ballots.iter().map(|b| (b.seq, b.unit.as_str())).collect();
    assert_eq!(seqs, [(1, "1-101"), (41, "1-201"), (42, "1-202")]);
    assert_eq!(store.votes(id(1)).await.map(|v| v.len()), Ok(1), "the unknown record is not one");
}

pub async fn a_restored_server_is_sent_again_what_it_lost<S: Store>(store: &S) {
    store.replace_units(&units()).await.expect("units");
    store.set_link(Some(&link())).await.expect("link");
    for n in 1..=4 {
        ok(store, &raise(n, i64::from(n), &format!("第 {n} 件"))).await;
    }
    let page = |version, identity: &str, reset, last, more| Pulled {
        version,
        identity: Some(identity.to_owned()),
        reset,
        last_mutation_id: last,
        changes: vec![],
        results: vec![],
        more,
    };
    // 1 pushed and pulled (it leaves); 2 and 3 pushed (acknowledged, kept); 4 waits.
    store.settle(1, &[result(1, None)]).await.expect("settle");
    assert_eq!(store.absorb(&page(5, "db-1", false, 1, false), Timestamp(10)).await, Ok(None));
    store.settle(3, &[result(2, None), result(3, None)]).await.expect("settle");
    let before: Vec<Mutation> =
        store.outbox().await.expect("outbox").into_iter().map(|q| q.mutation).collect();
    assert_eq!(before.len(), 3);

    // The server is restored from a backup that has none of them; its answer comes in two pages.
    let first = store.absorb(&page(3, "db-2", true, 0, true), Timestamp(20)).await;
    assert_eq!(first, Ok(None), "nothing is renumbered before the last page");
    let link = store.link().await.expect("link").expect("linked");
    assert_eq!((link.recovering, link.acknowledged), (Some(3), 0));
    let last = store.absorb(&page(6, "db-2", false, 0, false), Timestamp(30)).await;
    assert_eq!(last, Ok(Some(Recovery { resent: 3, lost: 1 })));
    let outbox = store.outbox().await.expect("outbox");
    let ids: Vec<(u64, bool)> = outbox.iter().map(|q| (q.id, q.acked)).collect();
    assert_eq!(ids, [(1, false), (2, false), (3, false)], "sent again, numbered from 1");
    let after: Vec<Mutation> = outbox.into_iter().map(|q| q.mutation).collect();
    assert_eq!(after, before, "the same changes, in their order");
    let link = store.link().await.expect("link").expect("linked");
    assert_eq!(
        (link.next_mutation, link.acknowledged, link.recovering, link.identity.as_deref()),
        (4, 0, None, Some("db-2"))
    );
}

/// Declares one test per contract check; `$store` makes a fresh store, `$test` is the test
/// attribute and `$run` runs a future to the end.
#[macro_export]
macro_rules! contract_tests {
    ($store:expr) => {
        contract_test!(a_new_store_is_empty, $store);
        contract_test!(community_profile_and_settings_round_trip, $store);
        contract_test!(the_register_is_replaced_whole, $store);
        contract_test!(changes_are_applied_and_listed, $store);
        contract_test!(a_refused_change_writes_nothing, $store);
        contract_test!(ballots_keep_acceptance_order_and_duplicates, $store);
        contract_test!(concurrent_changes_are_not_lost, $store);
        contract_test!(clear_deletes_everything, $store);
        contract_test!(connected_changes_are_queued_with_the_change, $store);
        contract_test!(a_pull_is_absorbed_whole, $store);
        contract_test!(a_restored_server_is_sent_again_what_it_lost, $store);
        contract_test!(pulled_ballots_number_on_and_unknown_kinds_are_skipped, $store);
        contract_test!(the_server_count_is_kept_per_vote_until_cleared, $store);
        contract_test!(meetings_and_one_sign_in_per_owner, $store);
        contract_test!(proxies_by_meeting_and_by_vote, $store);
    };
}
