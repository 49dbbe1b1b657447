//! A hostile (or merely misconfigured) store address on 127.0.0.1: every request is answered
//! with a redirect to another address, the way a hijacked DNS entry or a sloppy custom domain
//! would. Tests point the app at it to prove that the token never follows a redirect to another
//! origin, and that step 1 finds a store that only moved to another name.
//!
//! Each request is recorded (path, whether an `appKey` header came, never its value), so a test
//! can also show what a redirect target received by pointing the redirect at a [`crate::DemoStore`]
//! and reading its [`crate::DemoHandle::requests`].

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;

use crate::serving::Serving;
use crate::DemoError;

/// Where the redirects point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedirectTarget {
    /// Another origin (`http://127.0.0.1:PORT`, `https://example.com`): the request's path and
    /// query are kept.
    Origin(String),
    /// This same server under another host name (`localhost`): requests that arrive under
    /// that name are answered like a store asked without a token (401 JSON), the others are
    /// redirected to it — how a site that moved to `www.` behaves.
    SelfAs(String),
}

/// One request the redirector received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedirectRecord {
    pub path: String,
    /// Whether an `appKey` header was present (its value is never kept).
    pub had_app_key: bool,
}

/// A running redirector. Dropping it stops the server.
pub struct Redirector {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<RedirectRecord>>>,
    serving: Serving,
}

struct Shared {
    target: RedirectTarget,
    status: StatusCode,
    port: u16,
    requests: Arc<Mutex<Vec<RedirectRecord>>>,
}

impl Redirector {
    /// Binds a free port on 127.0.0.1 and answers every request with `301 Moved Permanently`
    /// to `target`. Needs a running tokio runtime.
    pub async fn start(target: RedirectTarget) -> Result<Self, DemoError> {
        Self::start_with_status(target, 301).await
    }

    /// `hops` redirectors in a row, each answering with a redirect to the next and the last to
    /// `target` (an origin, path kept); the first hop comes first.
    pub async fn chain(hops: usize, target: &str) -> Result<Vec<Self>, DemoError> {
        Self::chain_with_status(hops, target, 301).await
    }

    /// [`Redirector::chain`] answering with `status` (302, 303, 307, 308).
    pub async fn chain_with_status(
        hops: usize,
        target: &str,
        status: u16,
    ) -> Result<Vec<Self>, DemoError> {
        let mut chain: Vec<Self> = Vec::with_capacity(hops);
        let mut next = target.trim_end_matches('/').to_owned();
        for _ in 0..hops {
            let hop = Self::start_with_status(RedirectTarget::Origin(next), status).await?;
            next = hop.origin();
            chain.insert(0, hop);
        }
        Ok(chain)
    }

    /// Same as [`Redirector::start`] with another status (302, 303, 307, 308; anything that is
    /// not a valid status answers 301).
    pub async fn start_with_status(target: RedirectTarget, status: u16) -> Result<Self, DemoError> {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::MOVED_PERMANENTLY);
        let bind = |source| DemoError::Bind { port: 0, source };
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .map_err(bind)?;
        let addr = listener.local_addr().map_err(bind)?;
        let requests = Arc::new(Mutex::new(Vec::new()));
        let shared = Arc::new(Shared {
            target,
            status,
            port: addr.port(),
            requests: requests.clone(),
        });
        let app = Router::new().fallback(redirect).with_state(shared);
        Ok(Self {
            addr,
            requests,
            serving: Serving::start(listener, app, "redirector"),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:{port}`: its origin, no trailing slash.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `http://127.0.0.1:{port}/ws/`: a store API base that redirects every call.
    pub fn base_url(&self) -> String {
        format!("http://{}/ws/", self.addr)
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<RedirectRecord> {
        self.requests
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Stops accepting requests and waits for the server task to end.
    pub async fn shutdown(mut self) {
        self.serving.shutdown().await;
    }
}

async fn redirect(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let headers = request.headers();
    let had_app_key = headers.contains_key("appKey");
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let path_and_query = request
        .uri()
        .path_and_query()
        .map_or("/", |pq| pq.as_str())
        .to_owned();
    shared
        .requests
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(RedirectRecord {
            path: request.uri().path().to_owned(),
            had_app_key,
        });
    let origin = match &shared.target {
        RedirectTarget::Origin(origin) => origin.trim_end_matches('/').to_owned(),
        RedirectTarget::SelfAs(name) => {
            let canonical = format!("{name}:{}", shared.port);
            if host.eq_ignore_ascii_case(&canonical) {
                return (
                    StatusCode::UNAUTHORIZED,
                    [(header::CONTENT_TYPE, "application/json")],
                    r#"{"message":"appKey obrigatório"}"#,
                )
                    .into_response();
            }
            format!("http://{canonical}")
        }
    };
    let location = format!("{origin}{path_and_query}");
    match HeaderValue::from_str(&location) {
        Ok(value) => (shared.status, [(header::LOCATION, value)]).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
