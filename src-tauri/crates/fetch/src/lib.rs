//! Everything the app downloads from an address the owner typed — the product feed (step 6, the
//! health watch, `conector feed check`) and the site and sign-up links (step 9's "Conferir",
//! the health watch) — under one request policy.
//!
//! Every request goes hop by hop: before each hop, [`Policy`] decides whether its address may
//! be contacted (https, every address its host resolves to public, the connection then pinned
//! to them; plain http only at the running demo store's own address, as typed); one client
//! builder ([`client`]) makes the hop's client, never through a proxy; redirects are followed
//! here, never by the HTTP library, up to the policy's count. So what the app may reach is
//! decided in one place: `policy.rs`. [`outside_reach`] says, without a request, whether an
//! address could be opened from outside this computer at all.
//!
//! - [`download`]: one GET, conditional when validators are given (`If-None-Match`,
//!   `If-Modified-Since`; `304` is [`Fetched::NotModified`]), its body streamed.
//! - [`feed`]: a feed from a URL, a file or stdin, read by `conector_feed`'s streaming reader.
//! - [`link`]: the link check — a typed link parsed ([`check_link`]) and opened, body unread.

mod client;
mod download;
mod error;
pub mod feed;
mod follow;
pub mod link;
mod policy;

pub use client::Timeouts;
pub use download::{download, Body, Fetched, Request, Validators};
pub use error::{Failure, FetchError};
pub use link::{check_link, probe_link, BadLink, LinkProbe};
pub use policy::{outside_reach, OutsideReach, Policy};
