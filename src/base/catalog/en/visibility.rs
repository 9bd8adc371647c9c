//! The English words of [`Visibility`]: one arm per message, so that none can be missing.

use crate::base::catalog::Visibility;

/// The English text of `m`.
pub(super) fn text(m: &Visibility) -> String {
    match m {
        Visibility::AudienceCase { id, other } => {
            format!(
                "the departments `{id}` differ from `{other}` only in case: on Windows and macOS their folders are one"
            )
        }
        Visibility::Form => "`visibility` is `all` or a list of departments' ids".into(),
        Visibility::Example => {
            "For example `visibility: [hr, finance]`; without it, everyone may read the agreement".into()
        }
        Visibility::NoUnit { unit } => format!("No department has the id `{unit}`"),
        Visibility::SitePath { path } => format!(
            "the site's path `{path}` holds what the server's rules cannot match as written: publish the site at a path of letters, digits, `-`, `_`, `.` and `~`"
        ),
        Visibility::SiteFile { path } => {
            format!("the site's path `{path}` names a file: give the folder the site is published at, ending in `/`")
        }
        Visibility::Nested { other, dir } => format!(
            "this agreement's folder and `{other}`'s are one inside the other's `{dir}/`: its files would be published as the other's, whoever may read them"
        ),
        Visibility::Misspelled { key } => {
            format!("`{key}` is not `visibility`: nothing is built rather than the agreement shown to everyone")
        }
        Visibility::Header { header } => format!("`{header}` is not a request header's name (letters, digits and `-`)"),
        Visibility::TitleForm => {
            "`visibility_title` is `public` (its title shows where everyone reads) or `restricted` (the default)".into()
        }
        Visibility::TitleForAll => {
            "`visibility_title` changes nothing: the agreement is for everyone (it has no `visibility`)".into()
        }
        Visibility::NoWay { key } => format!(
            "`{key}` is not a way of `access` (`header`, `auth_request` or `basic`): no rules rather than rules of another way"
        ),
        Visibility::NoWayGiven => {
            "`access` names no way for the server to know a reader's departments: give `header`, `auth_request` or `basic`".into()
        }
        Visibility::ClientHeader { header } => {
            format!("`{header}` is a header a client sends itself: a reader could name themselves a member with it")
        }
        Visibility::MisspelledAccess { key } => {
            format!("`{key}` is not `access`: no rules rather than rules of the default way")
        }
        Visibility::PartyCannotRead { unit, agreement, audience } => format!(
            "department `{unit}`, a party to `{agreement}`, may not read it (`visibility` names {audience}): its members would not see their own agreement"
        ),
        Visibility::OneWay { key } => format!(
            "`access` takes one way for the server to know a reader's departments: `{key}` is a second (`header`, `auth_request` or `basic`)"
        ),
        Visibility::AuthUrl { url } => format!(
            "`{url}` is not an http(s) address the server's rules can hold as written (no quotes, `\\`, `$`, `;`, braces, `%` or spaces), without a query or fragment (the rules add `allowed_groups`)"
        ),
        Visibility::BasicDir { dir } => format!(
            "`{dir}` is not an absolute folder path the server's rules can hold as written (no quotes, `\\`, `$`, `;`, braces, `%` or spaces)"
        ),
        Visibility::ApacheAuthRequest => {
            "Apache has no `auth_request`: use `header` (set by the SSO module, such as mod_auth_openidc) or `basic`"
                .into()
        }
        Visibility::MakeAudienceFiles => {
            "Each audience's readers are the users of its departments' files: make its file \
                                               from theirs, again whenever one changes"
                .into()
        }
        Visibility::AskSso { url } => format!(
            "The SSO at {url} is asked with the departments that may read as `allowed_groups` (oauth2-proxy's convention): a 2xx answer lets the reader in, any other refuses"
        ),
        Visibility::Generated => "Made by `clausebook access`: include it in the site's server block; make it again \
                                       after portfolio.yaml or the departments change"
            .into(),
        Visibility::DropHeader { header } => {
            format!("{header} must be set by the company's SSO proxy, which must drop any copy a client sends")
        }
    }
}
