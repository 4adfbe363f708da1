//! The conformance suite's client: plain HTTP requests to the backend under test, and the
//! few protocol steps the checks repeat (sign in, push with the next ids, pull).

use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use yishiting_domain::mutation::{Mutation, Rejection};
use yishiting_domain::{Channel, Choice, EntityId, UnitId};

/// A client of the backend under test.
pub(super) struct Client {
    agent: ureq::Agent,
    base: String,
}

/// An HTTP answer: status and JSON body (Null when the body is not JSON).
#[derive(Debug)]
pub(super) struct Answer {
    pub(super) status: u16,
    pub(super) body: Value,
    pub(super) retry_after: Option<String>,
    pub(super) cache_control: Option<String>,
}

impl Answer {
    pub(super) fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }
}

impl Client {
    pub(super) fn new(url: &str) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(std::time::Duration::from_secs(30)))
            .build()
            .new_agent();
        Client { agent, base: url.trim_end_matches('/').to_owned() }
    }

    pub(super) fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Vec<u8>>,
    ) -> Result<Answer, String> {
        let url = format!("{}{path}", self.base);
        let auth = token.map(|t| format!("Bearer {t}"));
        let response = match (method, body) {
            ("GET", _) => {
                let mut request = self.agent.get(&url);
                if let Some(auth) = &auth {
                    request = request.header("Authorization", auth);
                }
                request.call()
            }
            ("PUT", _) => self.agent.put(&url).send(Vec::new()),
            ("DELETE", _) => {
                let mut request = self.agent.delete(&url);
                if let Some(auth) = &auth {
                    request = request.header("Authorization", auth);
                }
                request.call()
            }
            (_, body) => {
                let mut request = self.agent.post(&url).content_type("application/json");
                if let Some(auth) = &auth {
                    request = request.header("Authorization", auth);
                }
                request.send(body.unwrap_or_default())
            }
        };
        let mut response = response.map_err(|e| format!("{method} {url}: {e}"))?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
        };
        let (retry_after, cache_control) = (header("retry-after"), header("cache-control"));
        let text = response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Ok(Answer { status, body, retry_after, cache_control })
    }

    pub(super) fn post(
        &self,
        path: &str,
        token: Option<&str>,
        body: &Value,
    ) -> Result<Answer, String> {
        self.call("POST", path, token, Some(body.to_string().into_bytes()))
    }
}

/// A signed-in account under test.
#[derive(Debug, Clone)]
pub(super) struct Who {
    pub(super) token: String,
    /// The account's id, as sign-in names it.
    pub(super) account: i64,
    pub(super) community: i64,
    pub(super) unit: Option<String>,
    pub(super) client_id: String,
    pub(super) next: u64,
}

impl Who {
    pub(super) fn path(&self, op: &str) -> String {
        format!("/api/v1/communities/{}/{op}", self.community)
    }

    /// How records name this account (`recorded_by_id`, a seal's `by_id`).
    pub(super) fn account_id(&self) -> String {
        yishiting_domain::wire::person(self.account)
    }
}

pub(super) fn now_ms() -> i64 {
    let since = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}

pub(super) fn new_id() -> EntityId {
    EntityId::from_uuid(uuid::Uuid::new_v4())
}

/// A pushed mutation: the domain's `{name, args}` with the per-client id and the time.
pub(super) fn pushed(id: u64, mutation: &Mutation) -> Value {
    pushed_at(id, mutation, now_ms())
}

/// A pushed mutation that its device says it made at `at`.
pub(super) fn pushed_at(id: u64, mutation: &Mutation, at: i64) -> Value {
    let mut value = serde_json::to_value(mutation).unwrap_or(Value::Null);
    value["id"] = json!(id);
    value["at"] = json!(at);
    value
}

pub(super) fn sign_in(client: &Client, code: &str) -> Result<Who, String> {
    let answer = client.post("/api/v1/session", None, &json!({ "code": code }))?;
    if answer.status != 200 {
        return Err(format!("sign-in answered {} {}", answer.status, answer.body));
    }
    let token = answer.body["token"].as_str().ok_or("no token")?.to_owned();
    let account = answer.body["account"]["id"].as_i64().ok_or("no account id")?;
    let community = answer.body["community"]["id"].as_i64().ok_or("no community id")?;
    let unit = answer.body["account"]["unit"].as_str().map(str::to_owned);
    Ok(Who {
        token,
        account,
        community,
        unit,
        client_id: format!("conformance-{}", uuid::Uuid::new_v4().simple()),
        next: 1,
    })
}

/// Pushes mutations with the next ids; returns the answer.
pub(super) fn push(
    client: &Client,
    who: &mut Who,
    mutations: &[Mutation],
) -> Result<Answer, String> {
    push_at(client, who, mutations, now_ms())
}

/// Pushes mutations with the next ids, made (their device says) at `at`.
pub(super) fn push_at(
    client: &Client,
    who: &mut Who,
    mutations: &[Mutation],
    at: i64,
) -> Result<Answer, String> {
    let batch: Vec<Value> = mutations
        .iter()
        .enumerate()
        .map(|(i, m)| pushed_at(who.next + u64::try_from(i).unwrap_or(0), m, at))
        .collect();
    let body = json!({ "client_id": who.client_id, "mutations": batch });
    let answer = client.post(&who.path("push"), Some(&who.token), &body)?;
    if answer.status == 200 {
        who.next += u64::try_from(mutations.len()).unwrap_or(0);
    }
    Ok(answer)
}

pub(super) fn pull(client: &Client, who: &Who, cookie: u64) -> Result<Answer, String> {
    client.post(
        &who.path("pull"),
        Some(&who.token),
        &json!({ "client_id": who.client_id, "cookie": cookie }),
    )
}

/// Every page from `cookie` on, asking for `limit` changes a page; fails past 10,000 pages.
pub(super) fn pull_pages(
    client: &Client,
    who: &Who,
    mut cookie: u64,
    limit: Option<u32>,
) -> Result<Vec<Answer>, String> {
    let mut pages = Vec::new();
    while pages.len() < 10_000 {
        let mut body = json!({ "client_id": who.client_id, "cookie": cookie });
        if let Some(limit) = limit {
            body["limit"] = json!(limit);
        }
        let page = client.post(&who.path("pull"), Some(&who.token), &body)?;
        let more = page.status == 200 && page.body["more"] == true;
        let next = version(&page);
        pages.push(page);
        if !more {
            return Ok(pages);
        }
        if next <= cookie {
            return Err(format!("a page with more did not move on from {cookie}"));
        }
        cookie = next;
    }
    Err("pages did not end".to_owned())
}

/// The records the pages leave, applied in order: `(kind, id)` to the record.
pub(super) fn state_after(pages: &[Answer]) -> std::collections::BTreeMap<(String, String), Value> {
    let mut state = std::collections::BTreeMap::new();
    for page in pages {
        for change in page.body["changes"].as_array().into_iter().flatten() {
            let kind = change["kind"].as_str().unwrap_or("").to_owned();
            state.insert((kind, change["record"]["id"].to_string()), change["record"].clone());
        }
    }
    state
}

pub(super) fn version(answer: &Answer) -> u64 {
    answer.body["version"].as_u64().unwrap_or(0)
}

/// The result of mutation `id` in a push or pull answer, as sent.
pub(super) fn result(answer: &Answer, id: u64) -> Option<&Value> {
    answer.body["results"].as_array()?.iter().find(|r| r["id"].as_u64() == Some(id))
}

/// The status and code of mutation `id`'s result. A rejection must carry its refusal as data
/// (`detail`, a `Rejection` of the same code): one without, or of another code, reads as the
/// code `detail mismatch`, which no check expects.
pub(super) fn result_of(answer: &Answer, id: u64) -> Option<(String, String)> {
    result(answer, id).map(|r| {
        let status = r["status"].as_str().unwrap_or("").to_owned();
        let code = r["code"].as_str().unwrap_or("").to_owned();
        let detail = serde_json::from_value::<Rejection>(r["detail"].clone());
        let agrees = match status.as_str() {
            "rejected" => detail.is_ok_and(|d| d.code() == code),
            _ => r.get("detail").is_none(),
        };
        (status, if agrees { code } else { "detail mismatch".to_owned() })
    })
}

pub(super) fn records_of<'a>(
    answer: &'a Answer,
    kind: &'a str,
) -> impl Iterator<Item = &'a Value> + 'a {
    answer.body["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(move |c| c["kind"] == kind)
        .map(|c| &c["record"])
}

/// Sends only the head of a request that declares a 64 MiB body, and reads the status line:
/// a server must refuse it on the declared length, without waiting for the body.
pub(super) fn declared_oversize(url: &str, path: &str, token: &str) -> Result<u16, String> {
    use std::io::{BufRead, BufReader};
    let host = url
        .strip_prefix("http://")
        .ok_or("conformance speaks plain http:// (put a TLS-terminating proxy in front otherwise)")?
        .trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(host).map_err(|e| format!("{host}: {e}"))?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).map_err(|e| e.to_string())?;
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{{",
        64 * 1024 * 1024
    );
    stream.write_all(head.as_bytes()).map_err(|e| e.to_string())?;
    let mut status = String::new();
    BufReader::new(stream).read_line(&mut status).map_err(|e| format!("no answer: {e}"))?;
    status
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("not an HTTP status line: {status:?}"))
}

pub(super) fn ballot(vote: EntityId, unit: &str, choice: Choice) -> Result<Mutation, String> {
    Ok(Mutation::CastBallot {
        id: new_id(),
        vote,
        unit: UnitId::parse(unit).map_err(|e| e.to_string())?,
        choice,
        channel: Channel::Online,
        sheet: None,
        proxy: None,
    })
}
