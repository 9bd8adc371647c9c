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

/// Prints `page` (an HTML file) to `pdf`.
pub fn print(page: &Path, pdf: &Path) -> Result<(), String> {
    let browser = chromium().ok_or(
        "--pdf needs headless Chromium, and none was found: install it (Debian: apt-get install chromium) or set CLAUSEBOOK_CHROMIUM",
    )?;
    let page = std::fs::canonicalize(page).map_err(|e| format!("cannot print {}: {e}", page.display()))?;
    let profile = tempfile::tempdir().map_err(|e| format!("cannot create a browser profile: {e}"))?;
    let output = Command::new(&browser)
        .args(HEADLESS)
        .arg("--no-pdf-header-footer")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .map_err(|e| format!("cannot run {}: {e}", browser.display()))?;
    if !output.status.success() || !pdf.is_file() {
        return Err(format!(
            "{} could not print the agreement: {}",
            browser.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(())
}
