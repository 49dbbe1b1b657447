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
        let admitted = policy.admit(&url)?;
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
