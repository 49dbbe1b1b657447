//! The demo store's unauthenticated admin routes under `/_demo/` — fault switches, the clock,
//! order edits — for the tests and the development build only: they exist with the `faults`
//! cargo feature, which release builds leave off (so a shipped demo store answers nothing there
//! but its 404 page). The same switches are always reachable in process, through
//! [`crate::DemoHandle`].

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::orders::status_name;
use crate::script::{OrderEdit, RecordPart};
use crate::server::{bad_request, not_found_json, Shared};
use crate::state::Faults;

/// The `/_demo/` routes over `shared`.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/_demo/state", get(admin_state))
        .route("/_demo/faults", post(admin_faults))
        .route("/_demo/faults/clear", post(admin_clear_faults))
        .route("/_demo/orders/{id}/status", post(admin_set_status))
        .route("/_demo/advance", post(admin_advance))
        .route("/_demo/orders/{id}/edit", post(admin_edit))
        .route("/_demo/orders/{id}/delete", post(admin_delete))
        .route("/_demo/orders/{id}/raw", post(admin_raw))
        .route("/_demo/orders/insert", post(admin_insert))
        .with_state(shared)
}

async fn admin_state(State(shared): State<Arc<Shared>>) -> Json<Value> {
    let state = shared.lock();
    let visible = state.visible().count();
    let mut by_status: HashMap<String, usize> = HashMap::new();
    for o in state.visible() {
        *by_status.entry(state.status_of(o)).or_default() += 1;
    }
    Json(json!({
        "demo": true,
        "now": state.now.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        "orders": visible,
        "orders_by_status": by_status,
        "faults": state.faults,
        "api_requests": state.requests.len(),
    }))
}

async fn admin_faults(
    State(shared): State<Arc<Shared>>,
    Json(faults): Json<Faults>,
) -> Json<Value> {
    shared.lock().faults = faults.clone();
    Json(json!({ "faults": faults }))
}

async fn admin_clear_faults(State(shared): State<Arc<Shared>>) -> Json<Value> {
    shared.lock().faults = Faults::default();
    Json(json!({ "faults": Faults::default() }))
}

#[derive(Deserialize)]
struct SetStatus {
    status_id: String,
}

async fn admin_set_status(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<u64>,
    Json(body): Json<SetStatus>,
) -> Response {
    if status_name(&body.status_id).is_none() {
        return bad_request("status_id desconhecido");
    }
    if shared.lock().set_status(id, &body.status_id) {
        Json(json!({ "id": id, "status_id": body.status_id })).into_response()
    } else {
        not_found_json()
    }
}

#[derive(Deserialize)]
struct Advance {
    #[serde(default)]
    days: i64,
    #[serde(default)]
    hours: i64,
}

async fn admin_advance(State(shared): State<Arc<Shared>>, Json(by): Json<Advance>) -> Response {
    if by.days < 0 || by.hours < 0 {
        return bad_request("o tempo só anda para a frente");
    }
    let mut state = shared.lock();
    state.advance(time::Duration::days(by.days) + time::Duration::hours(by.hours));
    let now = state
        .now
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    Json(json!({ "now": now, "orders": state.orders.len() })).into_response()
}

async fn admin_edit(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<u64>,
    Json(edit): Json<OrderEdit>,
) -> Response {
    let mut state = shared.lock();
    if !state.has_order(id) {
        return not_found_json();
    }
    state.script.edit(id, edit);
    Json(json!({ "id": id })).into_response()
}

async fn admin_delete(State(shared): State<Arc<Shared>>, Path(id): Path<u64>) -> Response {
    let mut state = shared.lock();
    if !state.has_order(id) {
        return not_found_json();
    }
    state.script.deleted.insert(id);
    Json(json!({ "id": id, "deleted": true })).into_response()
}

#[derive(Deserialize)]
struct RawField {
    part: RecordPart,
    #[serde(default)]
    field: String,
    value: Value,
}

async fn admin_raw(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<u64>,
    Json(raw): Json<RawField>,
) -> Response {
    let mut state = shared.lock();
    if !state.has_order(id) {
        return not_found_json();
    }
    state.script.set_raw(id, raw.part, &raw.field, raw.value);
    Json(json!({ "id": id })).into_response()
}

#[derive(Deserialize)]
struct Insert {
    days_ago: i64,
}

async fn admin_insert(State(shared): State<Arc<Shared>>, Json(at): Json<Insert>) -> Response {
    if at.days_ago < 0 {
        return bad_request("days_ago: só o passado");
    }
    let mut state = shared.lock();
    let placed_at = state.now - time::Duration::days(at.days_ago);
    let id = state.insert_order(placed_at);
    Json(json!({ "id": id })).into_response()
}
