//! A new community in SQLite: the community, its register and its accounts in one
//! transaction, and with the demo its changes played through the rules.

use rusqlite::{Connection, params};
use yishiting_domain::mutation::apply;
use yishiting_domain::{Role, Unit};

use super::SqlRecords;
use super::records::{StoreError, now_or_never};
use crate::admin::{Created, DEMO_ACCOUNTS, InitError, RoleCode, UnitCode};
use crate::auth;

/// Creates the community, its register and its accounts in one transaction; with `demo`, also
/// plays the demo's changes through the rules.
pub fn create(
    conn: &mut Connection,
    name: &str,
    units: Vec<Unit>,
    demo: bool,
    now: i64,
) -> Result<Created, InitError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(InitError::NoName);
    }
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO communities (name, created_at, version) VALUES (?1, ?2, 1)",
        params![name, now],
    )?;
    let community = tx.last_insert_rowid();
    let mut unit_codes = Vec::with_capacity(units.len());
    for unit in &units {
        tx.execute(
            "INSERT INTO units (community, id, owner, body, version) VALUES (?1, ?2, ?3, ?4, 1)",
            params![
                community,
                unit.id.as_str(),
                unit.owner.as_str(),
                serde_json::to_string(unit).map_err(StoreError::Json)?
            ],
        )?;
        let owner = unit.owner_name.clone().unwrap_or_else(|| format!("{} 业主", unit.id));
        let (_, code) =
            auth::create_account(&tx, community, &owner, Some(Role::Owner), Some(&unit.id), now)?;
        unit_codes.push(UnitCode {
            unit: unit.id.to_string(),
            owner_key: unit.owner.to_string(),
            owner,
            code,
        });
    }
    let (_, admin_code) = auth::create_account(&tx, community, "管理员", None, None, now)?;
    let mut accounts = Vec::new();
    if demo {
        for (role, person) in DEMO_ACCOUNTS {
            let (_, code) = auth::create_account(&tx, community, person, Some(*role), None, now)?;
            accounts.push(RoleCode { role: *role, name: (*person).to_owned(), code });
        }
        let mut records = SqlRecords { tx: &tx, community, version: 1 };
        let mut refused = 0;
        for envelope in yishiting_demo::envelopes(yishiting_domain::Timestamp(now)) {
            if now_or_never(apply(&mut records, &envelope))?.is_err() {
                refused += 1;
            }
        }
        // The demo holds exactly one refused change: a duplicate ballot, for the audit list.
        if refused != 1 {
            return Err(InitError::Demo(format!("{refused} 条被拒绝，应为 1 条")));
        }
    }
    tx.commit()?;
    Ok(Created { community, name: name.to_owned(), admin_code, accounts, units: unit_codes })
}
