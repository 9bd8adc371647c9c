//! `file://` addresses of documents, to and from paths.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::Uri;
use percent_encoding::percent_decode_str;

/// The path of a `file://` address (`None` for another scheme, a remote host, or a path that is
/// not valid UTF-8 once decoded).
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://")?;
    let path = match rest.find('/') {
        Some(0) => rest,
        Some(i) if rest[..i].eq_ignore_ascii_case("localhost") => &rest[i..],
        _ => return None,
    };
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    Some(PathBuf::from(decoded.as_ref()))
}

/// The `file://` address of an absolute path.
pub fn from_path(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    Uri::from_str(&format!("file://{}", crate::base::escape::uri_path(text))).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_file_names_round_trip() {
        let path = Path::new("/tmp/协议 a/content/01-总则.md");
        let uri = from_path(path).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/%E5%8D%8F%E8%AE%AE%20a/content/01-%E6%80%BB%E5%88%99.md");
        assert_eq!(to_path(&uri).as_deref(), Some(path));
        let host = Uri::from_str("file://localhost/tmp/a%3Ab.md").unwrap();
        assert_eq!(to_path(&host).as_deref(), Some(Path::new("/tmp/a:b.md")));
        assert_eq!(to_path(&Uri::from_str("untitled:Untitled-1").unwrap()), None);
        assert_eq!(to_path(&Uri::from_str("file://server/share/a.md").unwrap()), None);
    }
}
