//! `clausebook lsp`: a language server (LSP 3.17 over stdio) that shows the checker's findings
//! in the editor while people type, and answers go to definition, find references, completion,
//! hover, rename, code actions and document symbols. See docs/lsp.md.
//!
//! One thread owns the project ([`world::World`]; at a portfolio's folder, one per agreement:
//! [`portfolio::Projects`]); messages are taken in order. A burst of edits is checked once: the
//! check runs when no message is waiting, or before answering a question about the text.
//! Malformed messages, unknown methods and documents outside the project are answered with an
//! error or logged, never a reason to stop.

mod answer;
mod cite;
mod complete;
mod fields;
mod navigate;
mod portfolio;
mod transport;
mod world;

use std::cell::RefCell;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;
use crossbeam_channel::{Receiver, Sender, select, unbounded};
use lsp_server::{ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::Notification as _;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions, InitializeParams,
    InitializeResult, MessageType, OneOf, PositionEncodingKind, RenameOptions, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
    WorkDoneProgressOptions,
};
use serde_json::Value;

use portfolio::Projects;
use transport::Incoming;

// Positions and document addresses are the reporter's (the findings are converted there); the
// server's answers use the same.
use crate::base::catalog::Lsp;
use crate::report::lsp::{text, uri};

/// How the server is started.
#[derive(Debug, Clone)]
pub struct Options {
    /// The project root, when given on the command line (else the editor's workspace folder).
    pub root: Option<PathBuf>,
    /// The date time-dependent checks judge against.
    pub today: NaiveDate,
    /// Whether `today` is the clock's (no `--today`, no `SOURCE_DATE_EPOCH`): a server that runs
    /// past midnight then judges against the new day.
    pub follow_clock: bool,
    /// Poll the disk for changes instead of native events.
    pub poll: bool,
}

/// The options an editor may pass in `initializationOptions`.
const OPTIONS: [&str; 1] = ["today"];

/// How the session ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Ended {
    /// `shutdown`, then `exit`: as the protocol asks.
    Clean,
    /// `exit` without `shutdown`, or the editor went away.
    Abrupt,
    /// In the verification mode (`CLAUSEBOOK_VERIFY_CACHES=1`), a check with caches found other
    /// findings than the same check without them: what differed.
    StaleCache(String),
}

/// The server's state between messages.
struct Server {
    out: Sender<Message>,
    /// Where the server's log lines go besides the editor's log (standard error, in the binary).
    log: RefCell<Box<dyn Write + Send>>,
    options: Options,
    projects: Option<Projects>,
    shut_down: bool,
    /// Files changed on disk (absolute paths), from the watcher.
    disk: (Sender<Vec<PathBuf>>, Receiver<Vec<PathBuf>>),
    /// The folders watched, and the flag that stops their watcher (when a portfolio's agreements
    /// change).
    watching: Option<(Vec<PathBuf>, Arc<AtomicBool>)>,
}

/// Runs the server over stdin and stdout until the editor says `exit` or goes away; its log lines
/// also go to `log`.
pub fn run(options: Options, log: Box<dyn Write + Send>) -> Ended {
    let (incoming, out) = transport::stdio();
    serve(&incoming, out, options, log)
}

/// Runs the server on the messages of `incoming`, answering into `out`.
fn serve(incoming: &Receiver<Incoming>, out: Sender<Message>, options: Options, log: Box<dyn Write + Send>) -> Ended {
    let log = RefCell::new(log);
    let mut server = Server { out, log, options, projects: None, shut_down: false, disk: unbounded(), watching: None };
    let disk = server.disk.1.clone();
    loop {
        select! {
            recv(incoming) -> got => match got {
                Ok(Incoming::Message(message)) => {
                    if let Some(ended) = server.take(message) {
                        return ended;
                    }
                }
                Ok(Incoming::Malformed(why)) => server.log(MessageType::ERROR, format!("ignored a malformed message: {why}")),
                Err(_) => return Ended::Abrupt,
            },
            recv(disk) -> batch => {
                if let (Ok(batch), Some(projects)) = (batch, server.projects.as_mut()) {
                    projects.disk_changed(&batch);
                }
            }
        }
        if incoming.is_empty()
            && disk.is_empty()
            && let Some(ended) = server.settle()
        {
            return ended;
        }
    }
}

/// What a request handler returns: a result, or a refusal with its code.
type Answer = Result<Value, (ErrorCode, String)>;

fn params<P: serde::de::DeserializeOwned>(value: Value) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(value).map_err(|e| (ErrorCode::InvalidParams, format!("invalid params: {e}")))
}

fn json(value: impl serde::Serialize) -> Answer {
    serde_json::to_value(value).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

impl Server {
    fn send(&self, message: impl Into<Message>) {
        let _ = self.out.send(message.into());
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_string(), params));
    }

    /// Writes a line to the editor's log of this server (and to stderr, where editors keep it too):
    /// one line, each control character of what it quotes (a path's, a message's) shown as U+FFFD.
    fn log(&self, kind: MessageType, message: String) {
        let message = crate::base::escape::name(&message);
        let _ = writeln!(self.log.borrow_mut(), "clausebook lsp: {message}");
        self.notify::<lsp_types::notification::LogMessage>(lsp_types::LogMessageParams { typ: kind, message });
    }

    fn show(&self, kind: MessageType, message: String) {
        self.notify::<lsp_types::notification::ShowMessage>(lsp_types::ShowMessageParams { typ: kind, message });
    }

    /// Checks again if files changed, and sends the findings that changed; ends the session when a
    /// cache went stale (in the verification mode).
    fn settle(&mut self) -> Option<Ended> {
        if self.options.follow_clock
            && let (Ok(today), Some(projects)) = (crate::resolve_today(None), self.projects.as_mut())
        {
            projects.set_today(today);
        }
        let projects = self.projects.as_mut().filter(|p| p.dirty())?;
        let checks = match projects.check() {
            Ok(checks) => checks,
            Err(stale) => return Some(Ended::StaleCache(stale)),
        };
        for params in checks.publish {
            self.notify::<lsp_types::notification::PublishDiagnostics>(params);
        }
        for message in checks.messages {
            self.show(MessageType::ERROR, message);
        }
        None
    }

    /// Sends findings taken back.
    fn publish(&self, cleared: Vec<lsp_types::PublishDiagnosticsParams>) {
        for params in cleared {
            self.notify::<lsp_types::notification::PublishDiagnostics>(params);
        }
    }

    /// Reads the portfolio's files again (one was saved), and watches its agreements' folders.
    fn reload(&mut self) {
        let Some(projects) = self.projects.as_mut() else { return };
        let cleared = projects.reload();
        self.publish(cleared);
        self.watch();
    }

    /// Takes one message; `Some` when the session ends.
    fn take(&mut self, message: Message) -> Option<Ended> {
        match message {
            Message::Request(request) => {
                let id = request.id.clone();
                let method = request.method.clone();
                // A bug in answering one question must not take the editor's findings away.
                let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.request(request)))
                    .unwrap_or_else(|_| {
                        Err((ErrorCode::InternalError, format!("clausebook lsp failed answering `{method}` (a bug)")))
                    });
                self.send(match answer {
                    Ok(result) => Response::new_ok(id, result),
                    Err((code, message)) => Response::new_err(id, code as i32, message),
                });
                None
            }
            Message::Notification(n) if n.method == "exit" => {
                Some(if self.shut_down { Ended::Clean } else { Ended::Abrupt })
            }
            Message::Notification(n) => {
                self.notification(n);
                None
            }
            // The server sends no requests, so no response is awaited.
            Message::Response(r) => {
                self.log(MessageType::WARNING, format!("ignored a response to request {} that was never sent", r.id));
                None
            }
        }
    }

    fn request(&mut self, request: Request) -> Answer {
        let Request { method, params: raw, .. } = request;
        if method == "initialize" {
            if self.projects.is_some() {
                return Err((ErrorCode::InvalidRequest, "the server is already initialized".into()));
            }
            return self.initialize(params(raw)?);
        }
        if self.projects.is_none() {
            return Err((ErrorCode::ServerNotInitialized, format!("`{method}` before `initialize`")));
        }
        if self.shut_down {
            return Err((ErrorCode::InvalidRequest, format!("`{method}` after `shutdown`")));
        }
        if method == "shutdown" {
            self.shut_down = true;
            return Ok(Value::Null);
        }
        use lsp_types::request as r;
        use lsp_types::request::Request as _;
        // Questions about the text are answered from a check of the text as it now is (and a
        // citation leads into its agreement's, which is made to be checked).
        self.settle();
        if method == r::GotoDefinition::METHOD
            && let Ok(p) = params::<lsp_types::TextDocumentPositionParams>(raw.clone())
        {
            self.open_cited(&p);
        }
        let projects = self.projects.as_ref().ok_or((ErrorCode::InternalError, String::new()))?;
        let doc = |uri: &Uri| self.document(projects, uri).map(|(i, rel, _)| (i, rel));
        let world = |uri: &Uri| self.document(projects, uri).map(|(_, rel, world)| (world, rel));
        match method.as_str() {
            r::GotoDefinition::METHOD => {
                let p: lsp_types::GotoDefinitionParams = params(raw)?;
                let at = &p.text_document_position_params;
                let found = doc(&at.text_document.uri).and_then(|(i, rel)| {
                    cite::definition(projects, (i, &rel), at.position)
                        .or_else(|| answer::definition(projects.world(i)?, &rel, at.position))
                });
                json(found)
            }
            r::References::METHOD => {
                let p: lsp_types::ReferenceParams = params(raw)?;
                let at = &p.text_document_position;
                let found = world(&at.text_document.uri)
                    .map(|(world, rel)| answer::references(world, &rel, at.position, p.context.include_declaration));
                json(found)
            }
            r::HoverRequest::METHOD => {
                let p: lsp_types::HoverParams = params(raw)?;
                let at = &p.text_document_position_params;
                let found = doc(&at.text_document.uri).and_then(|(i, rel)| {
                    cite::hover(projects, (i, &rel), at.position)
                        .or_else(|| answer::hover(projects.world(i)?, &rel, at.position))
                });
                json(found)
            }
            r::Completion::METHOD => {
                let p: lsp_types::CompletionParams = params(raw)?;
                let at = &p.text_document_position;
                let items = doc(&at.text_document.uri).and_then(|(i, rel)| {
                    let world = projects.world(i)?;
                    let agreement = world.checked.as_ref()?.agreement.as_ref()?;
                    let text = world.text(&rel)?;
                    let (text, index) = (text::Text::new(&text), rel == agreement.file);
                    let own = complete::complete(world.locale(), agreement, index, &text, at.position);
                    Some(cite::complete(projects, (i, &rel), &text, at.position, own))
                });
                json(items)
            }
            r::PrepareRenameRequest::METHOD => {
                let p: lsp_types::TextDocumentPositionParams = params(raw)?;
                match world(&p.text_document.uri) {
                    Some((world, rel)) => json(answer::prepare_rename(world, &rel, p.position)?),
                    None => Ok(Value::Null),
                }
            }
            r::Rename::METHOD => {
                let p: lsp_types::RenameParams = params(raw)?;
                let at = &p.text_document_position;
                match world(&at.text_document.uri) {
                    Some((world, rel)) => json(answer::rename(world, &rel, at.position, &p.new_name)?),
                    None => Ok(Value::Null),
                }
            }
            r::CodeActionRequest::METHOD => {
                let p: lsp_types::CodeActionParams = params(raw)?;
                json(world(&p.text_document.uri).map(|(world, rel)| answer::code_actions(world, &rel, p.range)))
            }
            r::DocumentSymbolRequest::METHOD => {
                let p: lsp_types::DocumentSymbolParams = params(raw)?;
                json(world(&p.text_document.uri).map(|(world, rel)| answer::symbols(world, &rel)))
            }
            other => Err((ErrorCode::MethodNotFound, format!("clausebook lsp does not answer `{other}`"))),
        }
    }

    /// The agreement, path and world of a document the server holds (logged when it is none).
    fn document<'p>(&self, projects: &'p Projects, uri: &Uri) -> Option<(usize, PathBuf, &'p world::World)> {
        let found = projects.route(uri).and_then(|(i, rel)| Some((i, rel, projects.world(i)?)));
        if found.is_none() {
            self.log(MessageType::INFO, projects.locale().msg(Lsp::NotAFileNoAnswer { uri: &uri.as_str() }));
        }
        found
    }

    /// Before go to definition on a citation: the cited agreement's world, made and checked if
    /// it had none.
    fn open_cited(&mut self, p: &lsp_types::TextDocumentPositionParams) {
        let Some(projects) = self.projects.as_mut() else { return };
        let Some((i, rel)) = projects.route(&p.text_document.uri) else { return };
        if let Some(j) = cite::cited_agreement(projects, (i, &rel), p.position)
            && projects.ensure(j)
        {
            self.settle();
        }
    }

    fn initialize(&mut self, p: InitializeParams) -> Answer {
        let mut today = self.options.today;
        match &p.initialization_options {
            None | Some(Value::Null) => {}
            Some(Value::Object(given)) => {
                for (key, value) in given {
                    match (key.as_str(), value) {
                        ("today", Value::String(day)) => match NaiveDate::parse_from_str(day, "%Y-%m-%d") {
                            Ok(day) => {
                                today = day;
                                self.options.follow_clock = false;
                            }
                            Err(_) => self.show(
                                MessageType::WARNING,
                                format!("initializationOptions.today: `{day}` is not a date (YYYY-MM-DD); ignored"),
                            ),
                        },
                        ("today", other) => self.show(
                            MessageType::WARNING,
                            format!(
                                "initializationOptions.today must be a date string (YYYY-MM-DD), not {other}; ignored"
                            ),
                        ),
                        (unknown, _) => {
                            let hint = crate::base::diagnostic::did_you_mean(unknown, OPTIONS).map_or_else(
                                || format!("; the options are: {}", OPTIONS.join(", ")),
                                |h| format!("; {h}"),
                            );
                            self.show(
                                MessageType::WARNING,
                                format!("unknown initializationOptions `{unknown}` ignored{hint}"),
                            );
                        }
                    }
                }
            }
            Some(other) => self
                .show(MessageType::WARNING, format!("initializationOptions must be an object, not {other}; ignored")),
        }
        let root = self.options.root.clone().unwrap_or_else(|| project_root(&p));
        // Addresses of files are made from it: `--root .` must give `file:///…/content/…`.
        let root = std::path::absolute(&root).unwrap_or(root);
        self.log(MessageType::INFO, format!("checking the project at {}", crate::base::escape::path(&root)));
        let projects = Projects::new(&root, today);
        // In a portfolio, a saved `portfolio.yaml` is read again, and `:` after `[[id` asks for
        // that agreement's clauses.
        let many = projects.is_portfolio();
        self.projects = Some(projects);
        self.watch();
        let mut triggers: Vec<String> = vec!["[".into(), ",".into()];
        triggers.extend(many.then(|| ":".into()));
        let capabilities = ServerCapabilities {
            position_encoding: Some(PositionEncodingKind::UTF16),
            text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: many.then_some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            })),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
            completion_provider: Some(CompletionOptions { trigger_characters: Some(triggers), ..Default::default() }),
            rename_provider: Some(OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..Default::default()
            })),
            document_symbol_provider: Some(OneOf::Left(true)),
            ..Default::default()
        };
        json(InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "clausebook".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        })
    }

    /// Watches the project's folders (each agreement's, in a portfolio) for changes made outside
    /// the editor (a `git pull`), and hands them to the main loop; a watcher of other folders
    /// stops.
    fn watch(&mut self) {
        let Some(roots) = self.projects.as_ref().map(Projects::roots) else { return };
        if self.watching.as_ref().is_some_and(|(watched, _)| *watched == roots) {
            return;
        }
        if let Some((_, stop)) = self.watching.take() {
            stop.store(true, Ordering::Relaxed);
        }
        let stop = Arc::new(AtomicBool::new(false));
        self.watching = Some((roots.clone(), Arc::clone(&stop)));
        let (poll, tx) = (self.options.poll, self.disk.0.clone());
        std::thread::spawn(move || {
            let Ok(mut watcher) = crate::pipeline::watch::ProjectWatcher::of_many(&roots, poll) else { return };
            while !stop.load(Ordering::Relaxed) {
                if let Some(batch) = watcher.next_batches(std::time::Duration::from_millis(200)) {
                    let paths = batch.into_iter().map(|(i, rel)| roots[i].join(rel)).collect();
                    if tx.send(paths).is_err() {
                        return;
                    }
                }
            }
        });
    }

    fn notification(&mut self, n: Notification) {
        use lsp_types::notification as note;
        let Some(projects) = self.projects.as_mut() else {
            if !n.method.starts_with("$/") {
                self.log(MessageType::WARNING, format!("ignored `{}` before `initialize`", n.method));
            }
            return;
        };
        let l = projects.locale();
        let method = n.method.clone();
        let mut reload = false;
        let problem = match method.as_str() {
            note::Initialized::METHOD | note::DidChangeConfiguration::METHOD => None,
            note::DidSaveTextDocument::METHOD => match params::<lsp_types::DidSaveTextDocumentParams>(n.params) {
                Ok(p) => {
                    reload = projects.is_portfolio_file(&p.text_document.uri);
                    None
                }
                Err((_, e)) => Some(e),
            },
            note::DidOpenTextDocument::METHOD => match params::<lsp_types::DidOpenTextDocumentParams>(n.params) {
                Ok(p) => {
                    let d = p.text_document;
                    // The portfolio's own files are read from disk when saved.
                    let own = projects.is_portfolio_file(&d.uri);
                    let held = projects.set_text(d.uri.clone(), d.version, d.text, true);
                    (!held && !own).then(|| l.msg(Lsp::NotAFileNotChecked { uri: &d.uri.as_str() }))
                }
                Err((_, e)) => Some(e),
            },
            note::DidChangeTextDocument::METHOD => match params::<lsp_types::DidChangeTextDocumentParams>(n.params) {
                Ok(p) => {
                    let uri = p.text_document.uri;
                    let own = projects.is_portfolio_file(&uri);
                    match projects.text_of(&uri) {
                        Some(text) => {
                            let mut current = text.to_string();
                            for change in p.content_changes {
                                current = match change.range {
                                    Some(range) => text::Text::new(&current).replace(range, &change.text),
                                    None => change.text,
                                };
                            }
                            projects.set_text(uri, p.text_document.version, current, false);
                            None
                        }
                        None if own => None,
                        None => Some(l.msg(Lsp::ChangeNotOpen { uri: &uri.as_str() })),
                    }
                }
                Err((_, e)) => Some(e),
            },
            note::DidCloseTextDocument::METHOD => match params::<lsp_types::DidCloseTextDocumentParams>(n.params) {
                Ok(p) => {
                    projects.close(&p.text_document.uri);
                    None
                }
                Err((_, e)) => Some(e),
            },
            note::DidChangeWatchedFiles::METHOD => match params::<lsp_types::DidChangeWatchedFilesParams>(n.params) {
                Ok(p) => {
                    reload = p.changes.iter().any(|c| projects.is_portfolio_file(&c.uri));
                    let changed: Vec<PathBuf> = p.changes.iter().filter_map(|c| uri::to_path(&c.uri)).collect();
                    projects.disk_changed(&changed);
                    None
                }
                Err((_, e)) => Some(e),
            },
            // `$/cancelRequest`, `$/setTrace`, …: optional by the protocol's rules.
            m if m.starts_with("$/") => None,
            m => Some(format!("clausebook lsp does not handle the notification `{m}`; ignored")),
        };
        if reload {
            self.reload();
        }
        if let Some(problem) = problem {
            self.log(MessageType::WARNING, format!("{method}: {problem}"));
        }
    }
}

/// The project root for an editor's workspace: its first folder (else `rootUri`, else the
/// current folder), or the nearest folder above it that holds `portfolio.yaml` or `content/`.
fn project_root(p: &InitializeParams) -> PathBuf {
    #[allow(deprecated)] // `rootUri` is how older clients (Neovim 0.7) give the folder.
    let given = p
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .and_then(|f| uri::to_path(&f.uri))
        .or_else(|| p.root_uri.as_ref().and_then(uri::to_path))
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_default();
    given
        .ancestors()
        .find(|d| crate::portfolio::is_portfolio(d) || d.join(crate::load::CONTENT).is_dir())
        .map_or(given.clone(), Path::to_path_buf)
}
