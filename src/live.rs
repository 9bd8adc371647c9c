//! The `watch` and `serve` commands: the rebuild loop, its one-line reports, and the server, all
//! written through the command's [`Streams`].

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use clausebook::base::site::Site;

use chrono::NaiveDate;

use clausebook::command::serve::http::{self, Shared};
use clausebook::pipeline::session::{Rebuilt, Session};
use clausebook::pipeline::watch::ProjectWatcher;
use clausebook::portfolio::live::PortfolioSession;

use clausebook::base::catalog::{Console, Locale};
use clausebook::base::diagnostic::Diagnostic;

use crate::Streams;

/// Set by Ctrl-C: the loops finish their work and return.
static STOP: AtomicBool = AtomicBool::new(false);

fn on_ctrl_c(extra: impl Fn() + Send + 'static) -> Result<(), String> {
    ctrlc::set_handler(move || {
        STOP.store(true, Ordering::SeqCst);
        extra();
    })
    .map_err(|e| Locale::En.msg(Console::CannotHandleCtrlC { error: &e }))
}

/// What changed, for the one-line report (editors' and tools' temporary files left out).
fn what(batch: &[PathBuf], l: Locale) -> String {
    let known =
        |p: &&PathBuf| p.extension().is_some_and(|x| ["md", "lua", "html", "css", "js"].iter().any(|k| x == *k));
    let shown: Vec<PathBuf> = batch.iter().filter(known).cloned().collect();
    let batch = if shown.is_empty() { batch } else { &shown[..] };
    match batch {
        [] => l.msg(Console::Start),
        [one] => clausebook::base::escape::path(one),
        [one, rest @ ..] => {
            l.msg(Console::FileAndMore { file: &clausebook::base::escape::path(one), more: rest.len() })
        }
    }
}

/// The language of the project's messages: its agreement's, or its portfolio's.
fn locale_of(root: &Path) -> Locale {
    if clausebook::portfolio::is_portfolio(root) {
        clausebook::portfolio::locale(root)
    } else {
        clausebook::load::locale(root)
    }
}

/// What an editing session holds: one agreement, or a portfolio of them.
enum Project {
    One(Box<Session>),
    Many(Box<PortfolioSession>),
}

impl Project {
    /// The project at `root`: a portfolio where it has `portfolio.yaml`. A portfolio whose files
    /// leave nothing to build is an error that lists their findings.
    fn open(root: &Path, today: NaiveDate) -> Result<Project, String> {
        if !clausebook::portfolio::is_portfolio(root) {
            return Ok(Project::One(Box::new(Session::new(root, today, None))));
        }
        PortfolioSession::new(root, today).map(|p| Project::Many(Box::new(p))).map_err(|checked| checked.render())
    }

    /// The folders to watch.
    fn roots(&self, root: &Path) -> Vec<PathBuf> {
        match self {
            Project::One(_) => vec![root.to_path_buf()],
            Project::Many(p) => p.roots(),
        }
    }

    /// A watcher of the project: its folders, and a portfolio's own files.
    fn watcher(&self, root: &Path, poll: bool) -> Result<ProjectWatcher, String> {
        let roots = self.roots(root);
        let mut watcher = ProjectWatcher::of_many(&roots, poll).map_err(|e| {
            locale_of(root).msg(Console::CannotWatch { root: &clausebook::base::escape::path(root), error: &e })
        })?;
        if let Project::Many(p) = self {
            watcher.watch_files(roots.len() - 1, p.settings());
        }
        Ok(watcher)
    }

    /// Rebuilds after `batch` (paths with their root's index); the paths as a person reads them.
    fn rebuild(&mut self, batch: &[(usize, PathBuf)]) -> (Vec<PathBuf>, Result<Rebuilt, clausebook::Error>) {
        match self {
            Project::One(session) => {
                let paths: Vec<PathBuf> = batch.iter().map(|(_, p)| p.clone()).collect();
                let rebuilt = session.rebuild(&paths);
                (paths, rebuilt)
            }
            Project::Many(p) => {
                let shown = batch.iter().map(|(i, rel)| p.shown(*i, rel)).collect();
                (shown, p.rebuild(batch))
            }
        }
    }
}

/// Opens the portfolio at `root` again, after an edit of its own files (`portfolio.yaml`, the
/// departments file): when they now hold errors, their findings, and the session goes on as
/// it was; else the new portfolio's first build. `before` keeps the last site of the session it
/// replaced (which a watch's output folder holds), until a build makes a site to compare with.
fn reopen(
    p: &mut PortfolioSession,
    root: &Path,
    today: NaiveDate,
    before: &mut Option<Arc<Site>>,
) -> Result<Rebuilt, clausebook::Error> {
    let started = std::time::Instant::now();
    let fresh = match PortfolioSession::new(root, today) {
        Ok(fresh) => fresh,
        Err(checked) => {
            let elapsed = started.elapsed();
            let (changed, removed, aside) = Default::default();
            return Ok(Rebuilt { checked: *checked, site: None, changed, removed, elapsed, aside });
        }
    };
    *before = before.take().or_else(|| p.site());
    *p = fresh;
    p.rebuild(&[])
}

/// The rebuild loop: waits for changes, rebuilds, and hands each outcome to `done`.
fn rebuild_loop(
    root: &Path,
    today: NaiveDate,
    poll: bool,
    s: &Streams,
    mut done: impl FnMut(&[PathBuf], Rebuilt) -> std::io::Result<()>,
) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    let mut project = Project::open(root, today)?;
    let mut watcher = project.watcher(root, poll)?;
    let (_, first) = project.rebuild(&[]);
    done(&[], first.map_err(|e| e.to_string())?).map_err(io)?;
    // The site before the portfolio was last opened again, until a build of it makes one: the
    // files of that one's agreements which the new one has not are gone.
    let mut before: Option<Arc<Site>> = None;
    while !STOP.load(Ordering::SeqCst) {
        let Some(batch) = watcher.next_batches(Duration::from_millis(200)) else { continue };
        let (shown, rebuilt) = match &mut project {
            Project::Many(p) if p.settings_changed(&batch) => {
                let shown = batch.iter().map(|(i, rel)| p.shown(*i, rel)).collect();
                let rebuilt = reopen(p, root, today, &mut before);
                // Agreements may have come or gone: their folders are watched afresh.
                watcher = project.watcher(root, poll)?;
                (shown, rebuilt)
            }
            project => project.rebuild(&batch),
        };
        match rebuilt {
            Ok(mut rebuilt) => {
                if let Some(site) = &rebuilt.site
                    && let Some(old) = before.take()
                {
                    (rebuilt.changed, rebuilt.removed) = site.changes(&old);
                }
                done(&shown, rebuilt)
            }
            Err(e) => writeln!(s.err(), "error: {e}"),
        }
        .map_err(io)?;
    }
    Ok(())
}

/// What the terminal has said of an editing session's rebuilds: the findings across a portfolio's
/// agreements it last listed, and whether there is a site (built by the session, or in `watch`'s
/// output folder from before).
#[derive(Default)]
struct Said {
    across: Option<Arc<[Diagnostic]>>,
    site: bool,
}

/// The one-line report of a rebuild (after what the rules printed, or the findings that failed it).
/// The findings across a portfolio's agreements are said when they are not those `said` last (its
/// 1,000 warnings are not said again at every save); the theme's, at every rebuild.
fn line(batch: &[PathBuf], rebuilt: &Rebuilt, said: &mut Said, s: &Streams) -> std::io::Result<()> {
    let ms = rebuilt.elapsed.as_secs_f64() * 1000.0;
    let l = rebuilt.checked.locale;
    match &rebuilt.site {
        Some(_) => {
            crate::print_lines(&rebuilt.checked, s)?;
            // The agreement's findings are on the site's findings page; the theme's are not, nor
            // those across a portfolio's agreements.
            let theme = rebuilt.checked.diagnostics.iter().filter(|d| d.rule == "template");
            let across = &rebuilt.aside;
            let repeated = !across.is_empty() && said.across.as_deref() == Some(&**across);
            let mut aside: Vec<_> = theme.chain(across.iter().filter(|_| !repeated)).cloned().collect();
            aside.sort();
            if !aside.is_empty() {
                write!(s.err(), "{}", clausebook::report::human::findings(&aside, &rebuilt.checked.sources))?;
            }
            if repeated {
                writeln!(s.err(), "{}", l.msg(Console::AsideAsBefore { count: across.len() }))?;
            }
            *said = Said { across: Some(Arc::clone(across)), site: true };
            let warnings = clausebook::Summary::of(&rebuilt.checked.diagnostics).warnings
                + clausebook::Summary::of(&rebuilt.aside).warnings;
            let (written, removed) = (rebuilt.changed.len(), rebuilt.removed.len());
            writeln!(s.err(), "{}", l.msg(Console::Rebuilt { what: &what(batch, l), written, removed, ms, warnings }))
        }
        None => {
            // The report says every finding: the next rebuild that succeeds says them again.
            said.across = None;
            crate::report(&rebuilt.checked, s)?;
            let what = what(batch, l);
            match said.site {
                true => writeln!(s.err(), "{}", l.msg(Console::RebuildFailed { what: &what, ms })),
                false => writeln!(s.err(), "{}", l.msg(Console::NoSiteYet { what: &what, ms })),
            }
        }
    }
}

/// `clausebook watch`: rebuilds `out` on every change; with `pdf`, prints it again when the
/// printable page changes.
pub fn watch(
    root: &Path,
    out: &Path,
    today: NaiveDate,
    (poll, pdf): (bool, bool),
    s: &Streams,
) -> Result<ExitCode, String> {
    on_ctrl_c(|| {})?;
    let site = out.join(clausebook::base::site::MARKER).is_file();
    let (mut first, mut said) = (true, Said { across: None, site });
    rebuild_loop(root, today, poll, s, |batch, rebuilt| {
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
                Err(e) => writeln!(s.err(), "error: {e}")?,
            }
            if print {
                match clausebook::pipeline::print_pdfs(out, &[(String::new(), false)], None, today) {
                    Ok(files) => {
                        for f in &files {
                            let file = clausebook::base::escape::path(f);
                            writeln!(s.err(), "{}", rebuilt.checked.locale.msg(Console::Printed { file: &file }))?;
                        }
                    }
                    Err(e) => writeln!(s.err(), "error: {e}")?,
                }
            }
        }
        line(batch, &rebuilt, &mut said, s)
    })?;
    writeln!(s.err(), "{}", locale_of(root).msg(Console::Stopped)).map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}

/// `clausebook serve`: serves the site at `ip`:`port` to `hosts`, rebuilt on every change.
pub fn serve(
    root: &Path,
    today: NaiveDate,
    (ip, port, hosts): (IpAddr, u16, http::Hosts),
    (open, poll): (bool, bool),
    s: &Streams,
) -> Result<ExitCode, String> {
    let io = |e: std::io::Error| e.to_string();
    let l = locale_of(root);
    let (listener, addr, note) = http::bind(ip, port, l)?;
    let shared = Arc::new(Shared::default());
    if let Some(note) = note {
        writeln!(s.err(), "note: {note}").map_err(io)?;
    }
    let url = format!("http://{addr}/");
    writeln!(s.out(), "{}", l.msg(Console::Serving { root: &clausebook::base::escape::path(root), url: &url }))
        .map_err(io)?;
    s.out().flush().map_err(io)?;
    if !ip.is_loopback() {
        writeln!(s.err(), "warning: {}", l.msg(Console::ListeningOpen { ip: &ip })).map_err(io)?;
    }
    let stop = http::Stop::default();
    let stopper = stop.clone();
    on_ctrl_c(move || stopper.stop())?;
    let http_thread = {
        let (shared, stop, notes) = (Arc::clone(&shared), stop.clone(), s.clone());
        let log: http::Log = Arc::new(move |line: &str| {
            let _ = writeln!(notes.err(), "note: {line}");
        });
        std::thread::spawn(move || http::run(listener, shared, stop, hosts, log, l))
    };
    if open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }
    let mut said = Said::default();
    rebuild_loop(root, today, poll, s, |batch, rebuilt| {
        match &rebuilt.site {
            Some(site) => shared.publish(Arc::clone(site)),
            None => shared.fail(rebuilt.checked.render()),
        }
        line(batch, &rebuilt, &mut said, s)
    })?;
    stop.stop();
    if let Ok(Err(e)) = http_thread.join() {
        writeln!(s.err(), "error: {e}").map_err(io)?;
    }
    writeln!(s.err(), "{}", l.msg(Console::Stopped)).map_err(io)?;
    Ok(ExitCode::SUCCESS)
}
