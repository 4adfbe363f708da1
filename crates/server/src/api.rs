//! The HTTP face of the sync protocol and sign-in, under `/api/v1` (docs/protocol.md). Every
//! error is JSON `{"code", "message"}` with a fitting status. What is kept is the storage's
//! (`crate::storage::Storage`): nothing here knows the database.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;
use yishiting_domain::{EntityId, Role, UnitId};

use crate::auth::Account;
use crate::brake::{Attempts, Brake, Verdict};
use crate::storage::Storage;
use crate::sync::{self, PullRequest, PushRequest};

mod error;
mod extract;

pub use error::ApiError;
use extract::{Body, Session};

/// The OpenAPI description of this API, served at `/api/v1/openapi.json`.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// Largest request body accepted, in bytes.
pub const MAX_BODY: usize = 1024 * 1024;

/// What the API needs: the storage and the sign-in brake.
#[derive(Debug, Clone)]
pub struct Api {
    storage: Arc<dyn Storage>,
    attempts: Arc<Attempts>,
    pub brake: Brake,
    pub session_lifetime: Duration,
    /// The reverse proxy whose `X-Forwarded-For` names the client (`serve --trust-proxy`);
    /// from any other peer the header is ignored.
    pub trust_proxy: Option<IpAddr>,
}

impl Api {
    /// The API on the embedded SQLite database.
    pub fn new(conn: rusqlite::Connection) -> Api {
        Api::on(Arc::new(crate::db::Sqlite::new(conn)))
    }

    /// The API on any storage.
    pub fn on(storage: Arc<dyn Storage>) -> Api {
        Api {
            storage,
            attempts: Arc::new(Attempts::default()),
            brake: Brake::default(),
            session_lifetime: Duration::from_secs(30 * 24 * 3600),
            trust_proxy: None,
        }
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
    let found = api.storage.sign_in(request.code, request.community, api.session_lifetime).await?;
    match found {
        Some(session) => {
            attempt.right();
            let crate::storage::Session { token, account, community } = session;
            Ok(Json(SignedIn { token, account, community }))
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
    let community = api.storage.community_of(account.clone()).await?;
    Ok(Json(json!({ "account": account, "community": community })))
}

async fn sign_out(State(api): State<Api>, session: Session) -> Result<StatusCode, ApiError> {
    api.storage.end_session(session.token).await?;
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
    let response = api.storage.push(account, request).await?;
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
    Ok(Json(api.storage.pull(account, request).await?))
}

async fn vote_tally(
    State(api): State<Api>,
    Path((community, vote)): Path<(i64, String)>,
    session: Session,
) -> Result<Json<sync::VoteTally>, ApiError> {
    session.of(community)?;
    let vote = EntityId::parse(&vote)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "invalid_request", e.to_string()))?;
    api.storage
        .tally(community, vote)
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
    Ok(Json(api.storage.accounts(community).await?))
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
    let (account, code) = api.storage.create_account(community, name, role).await?;
    Ok((StatusCode::CREATED, Json(Issued { account, code })))
}

fn no_account() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "没有这个账号")
}

async fn revoke(
    State(api): State<Api>,
    Path((community, id)): Path<(i64, i64)>,
    session: Session,
) -> Result<Json<serde_json::Value>, ApiError> {
    session.admin_of(community)?;
    let revoked = api.storage.revoke(community, id).await?.ok_or_else(no_account)?;
    Ok(Json(json!({ "revoked": revoked })))
}

async fn reissue(
    State(api): State<Api>,
    Path((community, id)): Path<(i64, i64)>,
    session: Session,
) -> Result<Json<Issued>, ApiError> {
    session.admin_of(community)?;
    let (account, code) = api.storage.reissue(community, id).await?.ok_or_else(no_account)?;
    Ok(Json(Issued { account, code }))
}

async fn reissue_unit(
    State(api): State<Api>,
    Path((community, unit)): Path<(i64, String)>,
    session: Session,
) -> Result<Json<Issued>, ApiError> {
    session.admin_of(community)?;
    let unit = UnitId::parse(&unit)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "invalid_request", e.to_string()))?;
    let (account, code) =
        api.storage.reissue_unit(community, unit).await?.ok_or_else(|| {
            ApiError::new(StatusCode::NOT_FOUND, "not_found", "名册中没有这个房号")
        })?;
    Ok(Json(Issued { account, code }))
}
