//! The `watch` and `serve` commands: the rebuild loop, its one-line reports, and the server.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::NaiveDate;

use clausebook::command::serve::http::{self, Shared};
use clausebook::pipeline::session::{Rebuilt, Session};
use clausebook::pipeline::watch::ProjectWatcher;

/// Set by Ctrl-C: the loops finish their work and return.
static STOP: AtomicBool = AtomicBool::new(false);

fn on_ctrl_c(extra: impl Fn() + Send + 'static) -> Result<(), String> {
    ctrlc::set_handler(move || {
        STOP.store(true, Ordering::SeqCst);
        extra();
    })
    .map_err(|e| format!("cannot handle Ctrl-C: {e}"))
}

/// What changed, for the one-line report (editors' and tools' temporary files left out).
fn what(batch: &[PathBuf]) -> String {
    let known =
        |p: &&PathBuf| p.extension().is_some_and(|x| ["md", "lua", "html", "css", "js"].iter().any(|k| x == *k));
    let shown: Vec<PathBuf> = batch.iter().filter(known).cloned().collect();
    let batch = if shown.is_empty() { batch } else { &shown[..] };
    match batch {
        [] => "start".into(),
        [one] => clausebook::base::escape::path(one),
        [one, rest @ ..] => format!("{} and {} more", clausebook::base::escape::path(one), rest.len()),
    }
}

/// The rebuild loop: waits for changes, rebuilds, and hands each outcome to `done`.
fn rebuild_loop(
    root: &Path,
    today: NaiveDate,
    poll: bool,
    mut done: impl FnMut(&[PathBuf], Rebuilt),
) -> Result<(), String> {
    let mut session = Session::new(root, today, None);
    let mut watcher = ProjectWatcher::new(root, poll)
        .map_err(|e| format!("cannot watch {}: {e}", clausebook::base::escape::path(root)))?;
    let first = session.rebuild(&[]).map_err(|e| e.to_string())?;
    done(&[], first);
    while !STOP.load(Ordering::SeqCst) {
        let Some(batch) = watcher.next_batch(Duration::from_millis(200)) else { continue };
        match session.rebuild(&batch) {
            Ok(rebuilt) => done(&batch, rebuilt),
            Err(e) => eprintln!("error: {e}"),
        }
    }
    Ok(())
}

fn line(batch: &[PathBuf], rebuilt: &Rebuilt) {
    let ms = rebuilt.elapsed.as_secs_f64() * 1000.0;
    match &rebuilt.site {
        Some(_) => {
            crate::print_lines(&rebuilt.checked);
            // The agreement's findings are on the site's findings page; the theme's are not.
            let theme: Vec<_> = rebuilt.checked.diagnostics.iter().filter(|d| d.rule == "template").cloned().collect();
            if !theme.is_empty() {
                eprint!("{}", clausebook::base::diagnostic::render_human(&theme, &rebuilt.checked.sources));
            }
            let warnings = clausebook::Summary::of(&rebuilt.checked.diagnostics).warnings;
            let extra = if warnings > 0 { format!(", {warnings} warning(s)") } else { String::new() };
            eprintln!(
                "rebuilt ({}): {} page(s) written, {} removed in {ms:.0} ms{extra}",
                what(batch),
                rebuilt.changed.len(),
                rebuilt.removed.len()
            );
        }
        None => {
            crate::report(&rebuilt.checked);
            eprintln!("rebuild failed ({}) in {ms:.0} ms; the last good site stays", what(batch));
        }
    }
}

/// `clausebook watch`.
pub fn watch(root: &Path, out: &Path, today: NaiveDate, poll: bool, pdf: bool) -> Result<ExitCode, String> {
    on_ctrl_c(|| {})?;
    let mut first = true;
    rebuild_loop(root, today, poll, |batch, rebuilt| {
        if let Some(site) = &rebuilt.site {
            let written = if first {
                // The first build replaces the output folder as `build` does.
                clausebook::output::replace(out, site).map(|_| ()).map_err(|e| e.to_string())
            } else {
                clausebook::output::update(out, site, &rebuilt.changed, &rebuilt.removed).map_err(|e| e.to_string())
            };
            let print = pdf && (first || rebuilt.changed.iter().any(|p| p == "print.html"));
            match written {
                Ok(()) => first = false,
                Err(e) => eprintln!("error: {e}"),
            }
            if print {
                match clausebook::pipeline::print_pdfs(out, &[(String::new(), false)], None, today) {
                    Ok(files) => files.iter().for_each(|f| eprintln!("printed {}", clausebook::base::escape::path(f))),
                    Err(e) => eprintln!("error: {e}"),
                }
            }
        }
        line(batch, &rebuilt);
    })?;
    eprintln!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// `clausebook serve`.
pub fn serve(
    root: &Path,
    today: NaiveDate,
    (ip, port, hosts): (IpAddr, u16, http::Hosts),
    open: bool,
    poll: bool,
) -> Result<ExitCode, String> {
    let (listener, addr, note) = http::bind(ip, port)?;
    let shared = Arc::new(Shared::default());
    if let Some(note) = note {
        eprintln!("note: {note}");
    }
    let url = format!("http://{addr}/");
    println!("serving {} at {url} (Ctrl-C stops)", clausebook::base::escape::path(root));
    if !ip.is_loopback() {
        eprintln!(
            "warning: listening on {ip}: other machines can read the site (at an IP address of this machine, \
             or at a name given with --allow-host)"
        );
    }
    let stop = http::Stop::default();
    let stopper = stop.clone();
    on_ctrl_c(move || stopper.stop())?;
    let http_thread = {
        let (shared, stop) = (Arc::clone(&shared), stop.clone());
        let log: http::Log = Arc::new(|line: &str| eprintln!("note: {line}"));
        std::thread::spawn(move || http::run(listener, shared, stop, hosts, log))
    };
    if open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }
    rebuild_loop(root, today, poll, |batch, rebuilt| {
        match &rebuilt.site {
            Some(site) => shared.publish(Arc::clone(site)),
            None => shared.fail(rebuilt.checked.render()),
        }
        line(batch, &rebuilt);
    })?;
    stop.stop();
    if let Ok(Err(e)) = http_thread.join() {
        eprintln!("error: {e}");
    }
    eprintln!("stopped");
    Ok(ExitCode::SUCCESS)
}
