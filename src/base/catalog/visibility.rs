//! The messages of who may read which agreement of a portfolio: `visibility:` and `access:` in
//! `portfolio.yaml`, and `clausebook access`.

use std::fmt::Display;

/// A message of a portfolio's confidential agreements; its words are in `zh/visibility.rs` and
/// `en/visibility.rs`.
pub enum Visibility<'a> {
    /// The departments `{id}` differ from `{other}` only in case: on Windows and macOS their folders are one
    AudienceCase { id: &'a dyn Display, other: &'a dyn Display },
    /// `visibility` is `all` or a list of departments' ids
    Form,
    /// For example `visibility: [hr, finance]`; without it, everyone may read the agreement
    Example,
    /// No department has the id `{unit}`
    NoUnit { unit: &'a dyn Display },
    /// The site's path `{path}` holds what the server's rules cannot match as written: publish the site at a path of letters, digits, `-`, `_`, `.` and `~`
    SitePath { path: &'a dyn Display },
    /// The site's path `{path}` names a file: give the folder the site is published at, ending in `/`
    SiteFile { path: &'a dyn Display },
    /// This agreement's folder and `{other}`'s are one inside the other's `{dir}/`: its files would be published as the other's, whoever may read them
    Nested { other: &'a dyn Display, dir: &'a dyn Display },
    /// `{key}` is not `visibility`: nothing is built rather than the agreement shown to everyone
    Misspelled { key: &'a dyn Display },
    /// `{header}` is not a request header's name (letters, digits and `-`)
    Header { header: &'a dyn Display },
    /// `visibility_title` is `public` (its title shows where everyone reads) or `restricted` (the default)
    TitleForm,
    /// `visibility_title` changes nothing: the agreement is for everyone (it has no `visibility`)
    TitleForAll,
    /// `{key}` is not a way of `access` (`header`, `auth_request` or `basic`): no rules rather than rules of another way
    NoWay { key: &'a dyn Display },
    /// `access` names no way for the server to know a reader's departments: give `header`, `auth_request` or `basic`
    NoWayGiven,
    /// `{header}` is a header a client sends itself: a reader could name themselves a member with it
    ClientHeader { header: &'a dyn Display },
    /// `{key}` is not `access`: no rules rather than rules of the default way
    MisspelledAccess { key: &'a dyn Display },
    /// Department `{unit}`, a party to `{agreement}`, may not read it (`visibility` names {audience}): its members would not see their own agreement
    PartyCannotRead { unit: &'a dyn Display, agreement: &'a dyn Display, audience: &'a dyn Display },
    /// `access` takes one way for the server to know a reader's departments: `{key}` is a second (`header`, `auth_request` or `basic`)
    OneWay { key: &'a dyn Display },
    /// `{url}` is not an http(s) address the server's rules can hold as written (no quotes, `\`, `$`, `;`, braces, `%` or spaces), without a query or fragment (the rules add `allowed_groups`)
    AuthUrl { url: &'a dyn Display },
    /// `{dir}` is not an absolute folder path the server's rules can hold as written (no quotes, `\`, `$`, `;`, braces, `%` or spaces)
    BasicDir { dir: &'a dyn Display },
    /// Apache has no `auth_request`: use `header` (set by the SSO module, such as mod_auth_openidc) or `basic`
    ApacheAuthRequest,
    /// Each audience's readers are the users of its departments' files: make its file from theirs, again whenever one changes
    MakeAudienceFiles,
    /// The SSO at {url} is asked with the departments that may read as `allowed_groups` (oauth2-proxy's convention): a 2xx answer lets the reader in, any other refuses
    AskSso { url: &'a dyn Display },
    /// Made by `clausebook access`: include it in the site's server block, made again after portfolio.yaml or the departments change
    Generated,
    /// {header} must be set by the company's SSO proxy, which must drop any copy a client sends
    DropHeader { header: &'a dyn Display },
}
