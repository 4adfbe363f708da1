//! Every role against every capability, as one table: the rules, the server's pull and the
//! app's screens all ask `Role`, so this table is what each of them does.

use yishiting_domain::{Channel, Role};

/// What a role may do or see, one column a capability.
#[derive(Debug, PartialEq, Eq)]
struct Row {
    moves_stages: bool,
    proposes: bool,
    creates_polls: bool,
    runs_votes: bool,
    records_deliveries: bool,
    calls_meetings: bool,
    takes_sign_ins: bool,
    records_proxies: bool,
    sees_every_ballot: bool,
    sees_owner_names: bool,
    ballot_channel: Option<Channel>,
    casts_through: Vec<Channel>,
}

fn row(role: Role) -> Row {
    Row {
        moves_stages: role.may_move_stages(),
        proposes: role.may_propose(),
        creates_polls: role.may_create_polls(),
        runs_votes: role.runs_votes(),
        records_deliveries: role.may_record_deliveries(),
        calls_meetings: role.calls_meetings(),
        takes_sign_ins: role.takes_sign_ins(),
        records_proxies: role.records_proxies(),
        sees_every_ballot: role.sees_every_ballot(),
        sees_owner_names: role.sees_owner_names(),
        ballot_channel: role.ballot_channel(),
        casts_through: [Channel::Online, Channel::Meeting, Channel::Paper, Channel::Proxy]
            .into_iter()
            .filter(|c| role.may_cast_through(*c))
            .collect(),
    }
}

#[test]
fn every_role_against_every_capability() {
    use Channel::{Meeting, Online, Paper, Proxy};
    let (t, f) = (true, false);
    #[rustfmt::skip]
    let table = [
        //                       stages proposes polls votes deliver meetings sign-ins proxies ballots names  form           channels
        (Role::Resident,    Row { moves_stages: f, proposes: f, creates_polls: f, runs_votes: f, records_deliveries: f, calls_meetings: f, takes_sign_ins: f, records_proxies: f, sees_every_ballot: f, sees_owner_names: f, ballot_channel: None,          casts_through: vec![] }),
        (Role::Owner,       Row { moves_stages: f, proposes: f, creates_polls: f, runs_votes: f, records_deliveries: f, calls_meetings: f, takes_sign_ins: f, records_proxies: f, sees_every_ballot: f, sees_owner_names: f, ballot_channel: Some(Online),  casts_through: vec![Online] }),
        (Role::Committee,   Row { moves_stages: t, proposes: t, creates_polls: t, runs_votes: t, records_deliveries: t, calls_meetings: t, takes_sign_ins: t, records_proxies: t, sees_every_ballot: t, sees_owner_names: t, ballot_channel: Some(Paper),   casts_through: vec![Paper, Proxy] }),
        (Role::Property,    Row { moves_stages: f, proposes: t, creates_polls: f, runs_votes: f, records_deliveries: f, calls_meetings: f, takes_sign_ins: f, records_proxies: f, sees_every_ballot: f, sees_owner_names: f, ballot_channel: None,          casts_through: vec![] }),
        (Role::PartyBranch, Row { moves_stages: t, proposes: t, creates_polls: t, runs_votes: f, records_deliveries: f, calls_meetings: f, takes_sign_ins: f, records_proxies: f, sees_every_ballot: t, sees_owner_names: f, ballot_channel: None,          casts_through: vec![] }),
        (Role::Community,   Row { moves_stages: f, proposes: t, creates_polls: t, runs_votes: f, records_deliveries: f, calls_meetings: f, takes_sign_ins: f, records_proxies: f, sees_every_ballot: t, sees_owner_names: f, ballot_channel: None,          casts_through: vec![] }),
        (Role::Officer,     Row { moves_stages: f, proposes: f, creates_polls: f, runs_votes: f, records_deliveries: t, calls_meetings: f, takes_sign_ins: t, records_proxies: f, sees_every_ballot: t, sees_owner_names: t, ballot_channel: Some(Meeting), casts_through: vec![Meeting, Paper, Proxy] }),
    ];
    assert_eq!(table.len(), Role::ALL.len(), "every role has a row");
    for (role, expected) in table {
        assert_eq!(row(role), expected, "{role:?}");
    }
}
