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

/// Prints `page` (an HTML file) to `pdf`.
pub fn print(page: &Path, pdf: &Path) -> Result<(), PdfError> {
    let browser = chromium().ok_or(PdfError::NoChromium)?;
    let page = std::fs::canonicalize(page).map_err(|e| PdfError::Io(page.to_path_buf(), e))?;
    let profile = tempfile::tempdir().map_err(|e| PdfError::Io(std::env::temp_dir(), e))?;
    let output = Command::new(&browser)
        .args(HEADLESS)
        .arg("--no-pdf-header-footer")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .map_err(|e| PdfError::Run(browser.clone(), e))?;
    if !output.status.success() || !pdf.is_file() {
        return Err(PdfError::Failed(browser, String::from_utf8_lossy(&output.stderr).trim().to_string()));
    }
    Ok(())
}
