//! One GET followed through its redirects, each hop admitted by the [`Policy`] first.

use std::time::Instant;

use reqwest::blocking::Response;
use reqwest::header::{HeaderMap, LOCATION};
use reqwest::StatusCode;
use url::Url;

use crate::client::{client, Timeouts};
use crate::error::{Failure, FetchError};
use crate::policy::{host_of, Policy};

/// Where a request ended: the last hop's response (whatever its status) and how it got there.
pub(crate) struct Ended {
    pub response: Response,
    pub url: Url,
    pub redirects: u8,
}

/// GETs `start` with `headers`, following the redirects a browser follows (301, 302, 303, 307,
/// 308 with a `Location`) up to the policy's count. Any other answer ends the request and is
/// returned as it is: the caller judges its status. The whole request ends by `deadline`.
pub(crate) fn follow(
    start: Url,
    policy: &Policy,
    timeouts: &Timeouts,
    headers: &HeaderMap,
    deadline: Option<Instant>,
) -> Result<Ended, FetchError> {
    let mut url = start;
    let mut redirects = 0u8;
    loop {
        let admitted = policy.admit(&url, redirects > 0)?;
        let response = client(&url, &admitted, timeouts, deadline)?
            .get(url.clone())
            .headers(headers.clone())
            .send()
            .map_err(|e| failed(&url, e))?;
        let next = redirect_target(&url, &response);
        let Some(next) = next else {
            return Ok(Ended {
                response,
                url,
                redirects,
            });
        };
        if redirects >= policy.max_redirects() {
            return Err(FetchError::Failed {
                host: host_of(&next),
                failure: Failure::TooManyRedirects(policy.max_redirects()),
                cause: None,
            });
        }
        redirects += 1;
        url = next;
    }
}

fn redirect_target(url: &Url, response: &Response) -> Option<Url> {
    let followed = matches!(
        response.status(),
        StatusCode::MOVED_PERMANENTLY
            | StatusCode::FOUND
            | StatusCode::SEE_OTHER
            | StatusCode::TEMPORARY_REDIRECT
            | StatusCode::PERMANENT_REDIRECT
    );
    if !followed {
        return None;
    }
    let location = response.headers().get(LOCATION)?.to_str().ok()?;
    url.join(location).ok()
}

/// A request to `url` that got no answer.
pub(crate) fn failed(url: &Url, e: reqwest::Error) -> FetchError {
    let failure = if e.is_timeout() {
        Failure::Timeout
    } else {
        Failure::Connect
    };
    FetchError::Failed {
        host: host_of(url),
        failure,
        cause: Some(e),
    }
}

/// Redirect counting needs redirects between servers on this computer, which the product's
/// policy never follows: these tests use the policy's unit-test switch that allows loopback at
/// every hop, and nothing else differs.
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::time::Duration;

    use conector_demo::hostile::Trap;
    use conector_demo::redirect::Redirector;

    use super::*;

    fn timeouts() -> Timeouts {
        Timeouts {
            connect: Duration::from_secs(5),
            read: Duration::from_secs(10),
            total: None,
        }
    }

    /// Follows `start` under `policy` off the async workers.
    async fn follow_off(start: String, policy: Policy) -> Result<(u16, u8), FetchError> {
        tokio::task::spawn_blocking(move || {
            let url = Url::parse(&start).unwrap();
            follow(url, &policy, &timeouts(), &HeaderMap::new(), None)
                .map(|ended| (ended.response.status().as_u16(), ended.redirects))
        })
        .await
        .unwrap()
    }

    async fn counts(policy: Policy, allowed: u8) {
        let demo = conector_demo::DemoStore::start(conector_demo::DemoConfig {
            feed_items: 0,
            ..Default::default()
        })
        .await
        .unwrap();
        let most = Redirector::chain_with_status(usize::from(allowed), &demo.site_url(), 302)
            .await
            .unwrap();
        let (status, redirects) = follow_off(format!("{}/", most[0].origin()), policy.clone())
            .await
            .unwrap();
        assert_eq!(
            (status, redirects),
            (200, allowed),
            "{allowed} redirects followed"
        );

        let trap = Trap::start().unwrap();
        let trap_origin = format!("http://127.0.0.1:{}", trap.port());
        let one_more = Redirector::chain_with_status(usize::from(allowed) + 1, &trap_origin, 302)
            .await
            .unwrap();
        let e = follow_off(format!("{}/", one_more[0].origin()), policy)
            .await
            .unwrap_err();
        assert_eq!(e.failure(), Some(Failure::TooManyRedirects(allowed)));
        assert_eq!(
            one_more[usize::from(allowed)].requests().len(),
            1,
            "the last redirect was read"
        );
        assert_eq!(trap.connections(), 0, "where it led was never contacted");
        demo.shutdown().await;
    }

    #[tokio::test]
    async fn the_feed_follows_five_redirects_and_not_a_sixth() {
        counts(Policy::feed().loopback_everywhere(), 5).await;
    }

    #[tokio::test]
    async fn a_link_follows_three_redirects_and_not_a_fourth() {
        counts(Policy::links().loopback_everywhere(), 3).await;
    }
}
