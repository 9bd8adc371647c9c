//! `build --pdf`: the printable page printed to PDF by headless Chromium, which the print
//! stylesheet lays out (page numbers, page breaks, no navigation).

use std::path::{Path, PathBuf};
use std::process::Command;

/// How clausebook runs Chromium: headless, as root in a sandboxless container, and without the
/// background connections a closed intranet refuses.
pub const HEADLESS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,MediaRouter,Translate",
];

/// The Chromium executables we look for, in order.
const BROWSERS: [&str; 4] = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/// The first Chromium on `PATH` (or in `CLAUSEBOOK_CHROMIUM`).
pub fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CLAUSEBOOK_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths).flat_map(|dir| BROWSERS.iter().map(move |b| dir.join(b))).find(|p| p.is_file())
}

/// Why the agreement could not be printed.
#[derive(Debug)]
pub enum PdfError {
    /// No Chromium was found.
    NoChromium,
    /// A file or folder could not be read or made.
    Io(PathBuf, std::io::Error),
    /// Chromium could not be started.
    Run(PathBuf, std::io::Error),
    /// Chromium ran, but printed nothing (what it said).
    Failed(PathBuf, String),
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PdfError::NoChromium => f.write_str(
                "--pdf needs headless Chromium, and none was found: install it (Debian: apt-get install chromium) or set CLAUSEBOOK_CHROMIUM",
            ),
            PdfError::Io(path, e) => write!(f, "cannot print {}: {e}", path.display()),
            PdfError::Run(browser, e) => write!(f, "cannot run {}: {e}", browser.display()),
            PdfError::Failed(browser, said) => {
                write!(f, "{} could not print the agreement: {said}", browser.display())
            }
        }
    }
}

impl std::error::Error for PdfError {}

/// Prints `page` (an HTML file) to `pdf`, dated `date`: the same page and date give the same bytes.
pub fn print(page: &Path, pdf: &Path, date: chrono::NaiveDate) -> Result<(), PdfError> {
    let browser = chromium().ok_or(PdfError::NoChromium)?;
    let page = std::fs::canonicalize(page).map_err(|e| PdfError::Io(page.to_path_buf(), e))?;
    // Printed beside the page (its stylesheet is relative), without its links to other files.
    let html = std::fs::read_to_string(&page).map_err(|e| PdfError::Io(page.clone(), e))?;
    let name = page.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let copy = page.with_file_name(format!(".{name}.print.html"));
    std::fs::write(&copy, without_file_links(&html)).map_err(|e| PdfError::Io(copy.clone(), e))?;
    let printed = print_file(&browser, &copy, pdf);
    let _ = std::fs::remove_file(&copy);
    printed?;
    let bytes = std::fs::read(pdf).map_err(|e| PdfError::Io(pdf.to_path_buf(), e))?;
    std::fs::write(pdf, dated(bytes, date)).map_err(|e| PdfError::Io(pdf.to_path_buf(), e))
}

/// `html` with the links of its `<a>` elements to other files taken out (links within the page
/// stay): in a PDF they would be `file://` addresses of the folder it was printed in, which no
/// reader can follow and which would make the PDF differ with that folder.
fn without_file_links(html: &str) -> String {
    static LINK: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let link = LINK.get_or_init(|| {
        regex::Regex::new(r##"(<a\b[^>]*?)\s+href="[^"#][^"]*""##).unwrap_or_else(|e| unreachable!("{e}"))
    });
    link.replace_all(html, "$1").into_owned()
}

/// Prints the HTML file `page` to `pdf` with `browser`.
fn print_file(browser: &Path, page: &Path, pdf: &Path) -> Result<(), PdfError> {
    let profile = tempfile::tempdir().map_err(|e| PdfError::Io(std::env::temp_dir(), e))?;
    let output = Command::new(browser)
        .args(HEADLESS)
        .arg("--no-pdf-header-footer")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .map_err(|e| PdfError::Run(browser.to_path_buf(), e))?;
    if !output.status.success() || !pdf.is_file() {
        return Err(PdfError::Failed(
            browser.to_path_buf(),
            String::from_utf8_lossy(&output.stderr).trim().to_string(),
        ));
    }
    Ok(())
}

/// `bytes` (a PDF Chromium printed) with its creation and modification dates set to `date` at
/// midnight: the only bytes that differ between two prints of the same page. The dates keep their
/// length (`D:` and 14 digits), so no offset of the file moves.
fn dated(mut bytes: Vec<u8>, date: chrono::NaiveDate) -> Vec<u8> {
    let stamp = format!("{}000000", date.format("%Y%m%d"));
    for key in [&b"/CreationDate (D:"[..], &b"/ModDate (D:"[..]] {
        let mut from = 0;
        while let Some(at) = bytes[from..].windows(key.len()).position(|w| w == key).map(|i| from + i + key.len()) {
            let digits = bytes[at..].iter().take(14).take_while(|b| b.is_ascii_digit()).count();
            if digits == 14 {
                bytes[at..at + 14].copy_from_slice(stamp.as_bytes());
            }
            from = at;
        }
    }
    bytes
}

#[cfg(test)]
mod tests {
    #[test]
    fn links_to_other_files_are_taken_out() {
        let html = r##"<a class="term" href="index.html#x" title="t">双方</a> <a href="#c">第3条</a> <link href="static/style.css">"##;
        assert_eq!(
            super::without_file_links(html),
            r##"<a class="term" title="t">双方</a> <a href="#c">第3条</a> <link href="static/style.css">"##
        );
    }

    #[test]
    fn dates_are_set_in_place() {
        let pdf = b"<</CreationDate (D:20261202014243+00'00')\n/ModDate (D:20261202014250+00'00')>>".to_vec();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
        let out = super::dated(pdf.clone(), day);
        assert_eq!(out.len(), pdf.len());
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<</CreationDate (D:20260115000000+00'00')\n/ModDate (D:20260115000000+00'00')>>"
        );
    }
}
