//! Every refusal of the API is `{code, message}` JSON, those made below our handlers too: a
//! declared oversize body, a path segment that is not a number, a wrong method; and the
//! bounds the OpenAPI document sets (`limit` and mutation ids from 1) are enforced.

mod common;

use common::*;

/// Sends a request and answers its status and JSON body; fails if the body is not JSON.
async fn refusal(app: &Router, request: Request<Body>) -> (StatusCode, Value) {
    let response = app.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let kind = response.headers().get(header::CONTENT_TYPE).cloned();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
    let body: Value = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
        panic!("{status}: not JSON ({kind:?}): {}", String::from_utf8_lossy(&bytes))
    });
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    (status, body)
}

#[tokio::test]
async fn refusals_below_the_handlers_are_json_too() {
    let mut conn = db::open_in_memory().expect("db");
    let f = community(&mut conn, "测试小区");
    let app = router(conn, None);
    let who = sign_in(&app, &f.resident).await;
    let bearer = format!("Bearer {}", who.token);

    // A declared Content-Length over the limit: refused before any of the body is read.
    let oversize = Request::post(format!("/api/v1/communities/{}/push", who.community))
        .header(header::AUTHORIZATION, &bearer)
        .header(header::CONTENT_LENGTH, 64 * 1024 * 1024)
        .body(Body::empty())
        .expect("request");
    let (status, body) = refusal(&app, oversize).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("payload_too_large"))
    );

    // A community or account that is not a number.
    for path in ["/api/v1/communities/abc/pull", "/api/v1/communities/1/accounts/x/revoke"] {
        let request = Request::post(path)
            .header(header::AUTHORIZATION, &bearer)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({ "client_id": "a", "cookie": 0 }).to_string()))
            .expect("request");
        let (status, body) = refusal(&app, request).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("bad_request")),
            "{path}"
        );
    }

    let wrong_method = Request::put("/api/v1/session").body(Body::empty()).expect("request");
    let (status, body) = refusal(&app, wrong_method).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::METHOD_NOT_ALLOWED, Some("method_not_allowed"))
    );
}

#[tokio::test]
async fn limit_and_mutation_ids_start_at_one() {
    let mut conn = db::open_in_memory().expect("db");
    let f = community(&mut conn, "测试小区");
    let app = router(conn, None);
    let who = sign_in(&app, &f.resident).await;
    let pull = format!("/api/v1/communities/{}/pull", who.community);
    let (status, body) = call(
        &app,
        "POST",
        &pull,
        Some(&who.token),
        Some(json!({ "client_id": who.client, "cookie": 0, "limit": 0 })),
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_request")));
    let push = format!("/api/v1/communities/{}/push", who.community);
    let zero = json!({ "client_id": who.client, "mutations": [{ "id": 0, "name": "add_comment", "args": {
        "id": id().to_string(), "proposal": id().to_string(), "reply_to": null, "body": "x" } }] });
    let (status, body) = call(&app, "POST", &push, Some(&who.token), Some(zero)).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_request")),
        "{body}"
    );
    let (status, body) = call(
        &app,
        "POST",
        &pull,
        Some(&who.token),
        Some(json!({ "client_id": who.client, "cookie": 0, "limit": 1 })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["last_mutation_id"], 0, "the refused push applied nothing");
}
