//! The HTTP side: Simplo7-shaped routes under `/ws/`, the feed, and `/_demo/` admin routes.

use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use time::Date;
use tokio::time::Instant;

use crate::feed_serve::{self, Feed, FeedFaults};
use crate::orders::{DemoOrder, STATUSES};
use crate::state::{DemoState, RequestRecord, Verdict};

pub(crate) struct Shared {
    state: Mutex<DemoState>,
    pub feed: Option<Feed>,
}

impl Shared {
    pub(crate) fn new(state: DemoState, feed: Option<Feed>) -> Self {
        Self {
            state: Mutex::new(state),
            feed,
        }
    }

    /// The state; a panic in another handler cannot leave it half-written (every change is a
    /// single assignment or push), so a poisoned lock is still safe to use.
    pub(crate) fn lock(&self) -> MutexGuard<'_, DemoState> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The store's own routes: the API under `/ws/`, the storefront pages and the feed.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let api = Router::new()
        .route("/ws/wsstatuspedidos.json", get(statuses))
        .route("/ws/wspedidos.json", get(orders))
        .route("/ws/wspedidos/{file}", get(order_by_id))
        .route("/ws/wspedidos/numero/{file}", get(order_by_number))
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            faults_and_log,
        ));
    Router::new()
        .merge(api)
        .route("/", get(storefront))
        .route("/cadastro", get(signup_page))
        .route("/feed.xml", get(feed_xml))
        .route("/feed.xml.gz", get(feed_gzip))
        .route("/img/{product}/{file}", get(product_picture))
        .fallback(not_found_page)
        .with_state(shared)
}

async fn faults_and_log(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let at = Instant::now();
    let (app_key, user_agent, content_type) = {
        let headers = request.headers();
        let text = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        (
            text("appKey"),
            text(header::USER_AGENT.as_str()),
            text(header::CONTENT_TYPE.as_str()),
        )
    };
    let path = request.uri().path().to_owned();
    let query = request.uri().query().unwrap_or_default().to_owned();
    // Logged on arrival, so a request the client gave up on (timeout) is still counted.
    let (index, delay, verdict) = {
        let mut state = shared.lock();
        let (delay, verdict) = state.verdict(app_key.as_deref());
        state.requests.push(RequestRecord {
            path,
            query,
            status: 0,
            at,
            had_app_key: app_key.is_some(),
            user_agent,
            content_type,
        });
        (state.requests.len() - 1, delay, verdict)
    };
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    let response = match verdict {
        Verdict::Serve => next.run(request).await,
        Verdict::RateLimited(secs) => (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, secs.to_string())],
            Json(json!({"message": "Too Many Requests"})),
        )
            .into_response(),
        Verdict::ServerError => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"message": "Internal Server Error"})),
        )
            .into_response(),
        Verdict::Html => html(StatusCode::OK, LOGIN_PAGE),
        Verdict::Unauthorized => (
            StatusCode::UNAUTHORIZED,
            Json(json!({"message": "Chave de acesso inválida"})),
        )
            .into_response(),
    };
    if let Some(record) = shared.lock().requests.get_mut(index) {
        record.status = response.status().as_u16();
    }
    response
}

async fn statuses() -> Json<Value> {
    let result: Vec<Value> = STATUSES
        .iter()
        .map(|(id, name)| json!({"Wsstatuspedido": {"id": id, "nome": name}}))
        .collect();
    Json(json!({
        "result": result,
        "pagination": {"page_count": 1, "current_page": 1, "has_next_page": false, "has_prev_page": false,
                       "count": STATUSES.len(), "limit": 50}
    }))
}

#[derive(Deserialize)]
struct OrdersQuery {
    data_inicio: Option<String>,
    page: Option<String>,
    status: Option<String>,
}

async fn orders(State(shared): State<Arc<Shared>>, Query(q): Query<OrdersQuery>) -> Response {
    let since = match q.data_inicio.as_deref().map(parse_day) {
        Some(Some(date)) => Some(date),
        Some(None) => return bad_request("data_inicio deve ser AAAA-MM-DD"),
        None => None,
    };
    let page: usize = match q.page.as_deref().map(str::parse) {
        None => 1,
        Some(Ok(p)) if p >= 1 => p,
        Some(_) => return bad_request("page deve ser um número a partir de 1"),
    };
    let state = shared.lock();
    let matching: Vec<&DemoOrder> = state
        .visible()
        .filter(|o| since.is_none_or(|d| store_local(o).date() >= d))
        .filter(|o| q.status.as_deref().is_none_or(|s| state.status_of(o) == s))
        .collect();
    let size = state.page_size.max(1);
    let page_count = matching.len().div_ceil(size).max(1);
    let endless = state.faults.endless_pages;
    // An endless store repeats its last page instead of running dry, as buggy ones do.
    let served_page = if endless { page.min(page_count) } else { page };
    let slice: Vec<Value> = matching
        .iter()
        .skip((served_page - 1) * size)
        .take(size)
        .map(|o| order_json(&state, o))
        .collect();
    Json(json!({
        "result": slice,
        "pagination": {
            "page_count": page_count,
            "current_page": page,
            "has_next_page": endless || page < page_count,
            "has_prev_page": page > 1,
            "count": matching.len(),
            "limit": size,
        }
    }))
    .into_response()
}

async fn order_by_id(State(shared): State<Arc<Shared>>, Path(file): Path<String>) -> Response {
    one_order(&shared, &file, |o, id| o.id == id)
}

async fn order_by_number(State(shared): State<Arc<Shared>>, Path(file): Path<String>) -> Response {
    one_order(&shared, &file, |o, n| o.number == n)
}

fn one_order(shared: &Shared, file: &str, matches: impl Fn(&DemoOrder, u64) -> bool) -> Response {
    let Some(key) = file
        .strip_suffix(".json")
        .and_then(|k| k.parse::<u64>().ok())
    else {
        return not_found_json();
    };
    let state = shared.lock();
    let record = state
        .visible()
        .find(|o| matches(o, key))
        .map(|order| order_json(&state, order));
    match record {
        Some(record) => Json(json!({ "result": record })).into_response(),
        None => not_found_json(),
    }
}

/// One order as Simplo7 wraps it. Money goes out in the mixed forms real stores use: decimal
/// text in `Wspedido`, JSON numbers in `Item`.
fn order_json(state: &DemoState, order: &DemoOrder) -> Value {
    let customer = state.customer(order);
    let view = state.view(order);
    let status = view.status_id.clone();
    let items: Vec<Value> = order
        .items
        .iter()
        .map(|i| {
            json!({
                "produto_id": i.product_id.to_string(),
                "sku": i.sku,
                "nome_produto": i.name,
                "quantidade": i.quantity.to_string(),
                "valor_unitario": cents_number(i.unit_price_cents),
                "valor_total": cents_number(i.total_cents()),
                "desconto": money(i.discount_cents),
            })
        })
        .collect();
    let placed = store_local(order);
    let record = json!({
        "Wspedido": {
            "id": order.id.to_string(),
            "numero": order.number.to_string(),
            "data_pedido": format!("{} {:02}:{:02}:{:02}", placed.date(), placed.hour(), placed.minute(), placed.second()),
            "pedidostatus_id": status,
            "cliente_cpfcnpj": view.document.unwrap_or_default(),
            "cliente_razaosocial": customer.name,
            "cliente_email": view.email,
            "cliente_telefone": customer.phone,
            "cliente_celular": customer.mobile,
            "cliente_data_nascimento": customer.birth_date,
            "cliente_cidade": customer.city,
            "cliente_estado": customer.state,
            "entrega_cidade": customer.city,
            "entrega_estado": customer.state,
            "total_produtos": money(view.products_cents),
            "total_frete": money(order.shipping_cents),
            "total_descontos": money(view.discounts_cents),
            "desconto_avista": money(order.cash_discount_cents),
            "total_pedido": money(
                view.products_cents - view.discounts_cents - order.cash_discount_cents
                    + order.shipping_cents
            ),
            "pagamento_forma": order.payment_method,
        },
        "Item": items,
        "Status": {"id": status, "nome": view.status_name},
        "Pagamento": {"forma": order.payment_method},
    });
    state.script.apply_raw(order.id, record)
}

fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!(
        "{sign}{}.{:02}",
        cents.unsigned_abs() / 100,
        cents.unsigned_abs() % 100
    )
}

/// A JSON number for a money value, as some stores send: built from the decimal text so the
/// number written is exactly that decimal.
fn cents_number(cents: i64) -> Value {
    serde_json::from_str(&money(cents)).unwrap_or(Value::Null)
}

fn store_local(order: &DemoOrder) -> time::OffsetDateTime {
    // Stores record Brasília time (UTC−3, no daylight saving since 2019).
    let offset = conector_core::STORE_UTC_OFFSET;
    order.placed_at.to_offset(offset)
}

fn parse_day(text: &str) -> Option<Date> {
    Date::parse(
        text.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
}

pub(crate) fn bad_request(message: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "message": message }))).into_response()
}

pub(crate) fn not_found_json() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({ "message": "Registro não encontrado" })),
    )
        .into_response()
}

async fn not_found_page() -> Response {
    html(StatusCode::NOT_FOUND, "<!DOCTYPE html><html><head><title>404</title></head><body><h1>Página não encontrada</h1></body></html>")
}

fn html(status: StatusCode, body: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=UTF-8")],
        body,
    )
        .into_response()
}

const LOGIN_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"pt-BR\"><head><meta charset=\"utf-8\"><title>Entrar</title></head>\
<body><form method=\"post\" action=\"/login\"><h1>Acesse sua conta</h1><input name=\"email\"><input name=\"senha\" type=\"password\">\
<button>Entrar</button></form></body></html>\n";

/// The demo store's "site": the address the e-mails and the +fidelidade form point at.
async fn storefront() -> Response {
    html_page(
        "Loja de demonstração",
        "Esta é a vitrine da loja de demonstração do Conector +fidelidade.",
    )
}

/// The demo store's customer sign-up page.
async fn signup_page() -> Response {
    html_page(
        "Cadastro de cliente",
        "Página de cadastro de clientes da loja de demonstração.",
    )
}

fn html_page(title: &str, text: &str) -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=UTF-8")],
        format!(
            "<!doctype html><html lang=\"pt-BR\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1><p>{text}</p></body></html>"
        ),
    )
        .into_response()
}

/// A product picture of the demo feed (drawn, see [`crate::images`]).
async fn product_picture(Path((product, file)): Path<(String, String)>) -> Response {
    match crate::images::picture(&product, &file) {
        Some(svg) => (
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::CACHE_CONTROL, "max-age=86400"),
            ],
            svg,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn feed_xml(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    feed_serve::serve(shared.feed.as_ref(), feed_faults(&shared), &headers, false)
}

async fn feed_gzip(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    feed_serve::serve(shared.feed.as_ref(), feed_faults(&shared), &headers, true)
}

fn feed_faults(shared: &Shared) -> FeedFaults {
    let state = shared.lock();
    FeedFaults {
        broken: state.faults.feed_broken,
        without: state.faults.feed_without.clone(),
        redirect: state.faults.feed_redirect.clone(),
    }
}
