//! The HTTP face of the sync protocol and sign-in, under `/api/v1` (docs/protocol.md). Every
//! error is JSON `{"code", "message"}` with a fitting status; the database work runs on the
//! blocking pool, one connection at a time.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::json;
use yishiting_domain::{EntityId, Role, UnitId};

use crate::auth::{self, Account};
use crate::brake::{Attempts, Brake, Verdict};
use crate::db;
use crate::sync::{self, PullRequest, PushRequest};

mod error;
mod extract;

pub use error::ApiError;
use extract::{Body, Session};

/// The OpenAPI description of this API, served at `/api/v1/openapi.json`.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// Largest request body accepted, in bytes.
pub const MAX_BODY: usize = 1024 * 1024;

/// What the API needs: the database and the sign-in brake.
#[derive(Debug, Clone)]
pub struct Api {
    db: Arc<Mutex<Connection>>,
    attempts: Arc<Attempts>,
    pub brake: Brake,
    pub session_lifetime: Duration,
    /// The reverse proxy whose `X-Forwarded-For` names the client (`serve --trust-proxy`);
    /// from any other peer the header is ignored.
    pub trust_proxy: Option<IpAddr>,
}

impl Api {
    pub fn new(conn: Connection) -> Api {
        Api {
            db: Arc::new(Mutex::new(conn)),
            attempts: Arc::new(Attempts::default()),
            brake: Brake::default(),
            session_lifetime: Duration::from_secs(30 * 24 * 3600),
            trust_proxy: None,
        }
    }

    /// Runs database work on the blocking pool.
    async fn with_db<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let db = Arc::clone(&self.db);
        tokio::task::spawn_blocking(move || {
            let mut conn = db.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            work(&mut conn)
        })
        .await
        .map_err(|e| ApiError::internal(&e))?
    }
}

/// The routes of the API under `/api/v1`; the caller merges them with the app's files.
pub fn router(api: Api) -> Router {
    let routes = Router::new()
        .route("/", get(about))
        .route("/openapi.json", get(openapi))
        .route("/session", post(sign_in).get(whoami).delete(sign_out))
        .route("/communities/{community}/push", post(push))
        .route("/communities/{community}/pull", post(pull))
        .route("/communities/{community}/votes/{vote}/tally", get(vote_tally))
        .route("/communities/{community}/accounts", get(list_accounts).post(create_account))
        .route("/communities/{community}/accounts/{account}/revoke", post(revoke))
        .route("/communities/{community}/accounts/{account}/code", post(reissue))
        .route("/communities/{community}/units/{unit}/code", post(reissue_unit))
        .fallback(|| async {
            ApiError::new(StatusCode::NOT_FOUND, "not_found", "没有这个接口")
        })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "这个接口不接受该方法",
            )
        })
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        // Refuses a declared Content-Length over the limit before reading any of the body.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(MAX_BODY))
        // Outside the limit, so that its 413 too leaves as JSON.
        .layer(axum::middleware::map_response(error::as_json))
        .layer(axum::middleware::map_response(no_store))
        .with_state(api);
    // The app may be served from elsewhere than its backend (settings point it here): any
    // origin may call, with a bearer token and never cookies, so no browser credentials ride along.
    let cors = tower_http::cors::CorsLayer::new()
        .allow_origin(tower_http::cors::Any)
        .allow_methods([Method::GET, Method::POST, Method::DELETE])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .max_age(Duration::from_secs(24 * 3600));
    let api = crate::web::with_headers(routes.layer(cors), crate::web::API_POLICY);
    Router::new()
        .nest("/api/v1", api)
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(tower_http::trace::TraceLayer::new_for_http())
}

/// Answers of the API are never cached: they are per person and change all the time.
async fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn about() -> Json<serde_json::Value> {
    Json(
        json!({ "protocol": 1, "server": concat!("yishiting-server ", env!("CARGO_PKG_VERSION")) }),
    )
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

// The community a sign-in names is the one its slip's link names: the brake counts wrong
// codes per address and community, and a code of another community is wrong here.
pub use yishiting_domain::wire::{SignIn, SignedIn};

async fn sign_in(
    State(api): State<Api>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    Body(request): Body<SignIn>,
) -> Result<Json<SignedIn>, ApiError> {
    let key = (extract::client_address(api.trust_proxy, peer.ip(), &headers), request.community);
    // The attempt takes its place in the count before its code is judged.
    let attempt = match api.attempts.begin(&api.brake, key, Instant::now()) {
        Verdict::Refused(wait) => {
            let minutes = wait.as_secs().div_ceil(60).max(1);
            return Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                format!("登录码错误次数过多，请 {minutes} 分钟后再试"),
            )
            .with_retry_after(wait));
        }
        Verdict::Judge(wait, attempt) => {
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
            attempt
        }
    };
    let lifetime = api.session_lifetime;
    let found = api
        .with_db(move |conn| {
            let account = auth::account_by_code(conn, &request.code)?
                .filter(|a| request.community.is_none_or(|c| c == a.community));
            let Some(account) = account else { return Ok(None) };
            let token = auth::start_session(conn, account.id, db::now_ms(), lifetime)?;
            let community = sync::community_of(conn, &account)?;
            Ok(Some(SignedIn { token, account, community }))
        })
        .await?;
    match found {
        Some(signed_in) => {
            attempt.right();
            Ok(Json(signed_in))
        }
        None => {
            attempt.wrong();
            Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "wrong_code",
                "登录码不对，请核对纸条上的登录码",
            ))
        }
    }
}

async fn whoami(
    State(api): State<Api>,
    session: Session,
) -> Result<Json<serde_json::Value>, ApiError> {
    let account = session.account;
    let community = api
        .with_db({
            let account = account.clone();
            move |conn| Ok(sync::community_of(conn, &account)?)
        })
        .await?;
    Ok(Json(json!({ "account": account, "community": community })))
}

async fn sign_out(State(api): State<Api>, session: Session) -> Result<StatusCode, ApiError> {
    api.with_db(move |conn| Ok(auth::end_session(conn, &session.token)?)).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn push(
    State(api): State<Api>,
    Path(community): Path<i64>,
    session: Session,
    Body(request): Body<PushRequest>,
) -> Result<Json<sync::PushResponse>, ApiError> {
    let account = session.of(community)?.account;
    let started = Instant::now();
    let count = request.mutations.len();
    let response =
        api.with_db(move |conn| Ok(sync::push(conn, &account, &request, db::now_ms())?)).await?;
    tracing::info!(
        community,
        count,
        applied = response.results.len(),
        ms = started.elapsed().as_millis(),
        "push"
    );
    Ok(Json(response))
}

async fn pull(
    State(api): State<Api>,
    Path(community): Path<i64>,
    session: Session,
    Body(request): Body<PullRequest>,
) -> Result<Json<sync::PullResponse>, ApiError> {
    let account = session.of(community)?.account;
    Ok(Json(api.with_db(move |conn| Ok(sync::pull(conn, &account, &request)?)).await?))
}

async fn vote_tally(
    State(api): State<Api>,
    Path((community, vote)): Path<(i64, String)>,
    session: Session,
) -> Result<Json<sync::VoteTally>, ApiError> {
    session.of(community)?;
    let vote = EntityId::parse(&vote)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "invalid_request", e.to_string()))?;
    api.with_db(move |conn| Ok(sync::vote_tally(conn, community, vote, db::now_ms())?))
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "not_found", "没有这个表决"))
}

async fn list_accounts(
    State(api): State<Api>,
    Path(community): Path<i64>,
    session: Session,
) -> Result<Json<Vec<Account>>, ApiError> {
    session.admin_of(community)?;
    Ok(Json(api.with_db(move |conn| Ok(auth::accounts(conn, community)?)).await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewAccount {
    name: String,
    role: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Issued {
    pub account: Account,
    pub code: String,
}

async fn create_account(
    State(api): State<Api>,
    Path(community): Path<i64>,
    session: Session,
    Body(request): Body<NewAccount>,
) -> Result<(StatusCode, Json<Issued>), ApiError> {
    session.admin_of(community)?;
    let invalid = |m: &str| ApiError::new(StatusCode::BAD_REQUEST, "invalid_request", m);
    let role = Role::parse(&request.role).map_err(|_| invalid("未知的身份"))?;
    if role == Role::Owner {
        return Err(invalid("业主用一户一码登录，不另建账号"));
    }
    let name = request.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 40 {
        return Err(invalid("名称须为 1–40 个字"));
    }
    let (account, code) = api
        .with_db(move |conn| {
            Ok(auth::create_account(conn, community, &name, Some(role), None, db::now_ms())?)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(Issued { account, code })))
}

/// The account `id` of the community, or 404.
fn account_in(conn: &Connection, community: i64, id: i64) -> Result<Account, ApiError> {
    auth::account(conn, id)?
        .filter(|a| a.community == community)
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "not_found", "没有这个账号"))
}

async fn revoke(
    State(api): State<Api>,
    Path((community, id)): Path<(i64, i64)>,
    session: Session,
) -> Result<Json<serde_json::Value>, ApiError> {
    session.admin_of(community)?;
    let revoked = api
        .with_db(move |conn| {
            account_in(conn, community, id)?;
            Ok(auth::revoke_sessions(conn, id)?)
        })
        .await?;
    Ok(Json(json!({ "revoked": revoked })))
}

async fn reissue(
    State(api): State<Api>,
    Path((community, id)): Path<(i64, i64)>,
    session: Session,
) -> Result<Json<Issued>, ApiError> {
    session.admin_of(community)?;
    let issued = api
        .with_db(move |conn| {
            let account = account_in(conn, community, id)?;
            let code = auth::replace_code(conn, id)?;
            Ok(Issued { account, code })
        })
        .await?;
    Ok(Json(issued))
}

async fn reissue_unit(
    State(api): State<Api>,
    Path((community, unit)): Path<(i64, String)>,
    session: Session,
) -> Result<Json<Issued>, ApiError> {
    session.admin_of(community)?;
    let unit = UnitId::parse(&unit)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "invalid_request", e.to_string()))?;
    let issued = api
        .with_db(move |conn| {
            let id = auth::unit_account(conn, community, &unit)?.ok_or_else(|| {
                ApiError::new(StatusCode::NOT_FOUND, "not_found", "名册中没有这个房号")
            })?;
            let account = account_in(conn, community, id)?;
            let code = auth::replace_code(conn, id)?;
            Ok(Issued { account, code })
        })
        .await?;
    Ok(Json(issued))
}
