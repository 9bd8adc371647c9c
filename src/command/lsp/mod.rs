//! `clausebook lsp`: a language server (LSP 3.17 over stdio) that shows the checker's findings
//! in the editor while people type, and answers go to definition, find references, completion,
//! hover, rename, code actions and document symbols. See docs/lsp.md.
//!
//! One thread owns the project ([`world::World`]); messages are taken in order. A burst of edits
//! is checked once: the check runs when no message is waiting, or before answering a question
//! about the text. Malformed messages, unknown methods and documents outside the project are
//! answered with an error or logged, never a reason to stop.

mod answer;
mod complete;
mod fields;
mod navigate;
mod transport;
mod world;

use std::cell::RefCell;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use crossbeam_channel::{Receiver, Sender, select, unbounded};
use lsp_server::{ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::Notification as _;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions, InitializeParams,
    InitializeResult, MessageType, OneOf, PositionEncodingKind, RenameOptions, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, Uri, WorkDoneProgressOptions,
};
use serde_json::Value;

use transport::Incoming;
use world::World;

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
    world: Option<World>,
    shut_down: bool,
    disk: (Sender<Vec<PathBuf>>, Receiver<Vec<PathBuf>>),
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
    let mut server = Server { out, log, options, world: None, shut_down: false, disk: unbounded() };
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
                if let (Ok(batch), Some(world)) = (batch, server.world.as_mut()) {
                    world.disk_changed(&batch);
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
            && let (Ok(today), Some(world)) = (crate::resolve_today(None), self.world.as_mut())
        {
            world.set_today(today);
        }
        let world = self.world.as_mut().filter(|w| w.dirty)?;
        let was_failing = world.failure.clone();
        let publish = match world.check() {
            Ok(publish) => publish,
            Err(stale) => return Some(Ended::StaleCache(stale)),
        };
        let failure = world.failure.clone();
        for params in publish {
            self.notify::<lsp_types::notification::PublishDiagnostics>(params);
        }
        if let Some(why) = failure.filter(|f| Some(f) != was_failing.as_ref()) {
            let l = self.world.as_ref().map_or_else(Default::default, World::locale);
            self.show(MessageType::ERROR, l.msg(Lsp::CannotCheck { why: &why }));
        }
        None
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
            if self.world.is_some() {
                return Err((ErrorCode::InvalidRequest, "the server is already initialized".into()));
            }
            return self.initialize(params(raw)?);
        }
        if self.world.is_none() {
            return Err((ErrorCode::ServerNotInitialized, format!("`{method}` before `initialize`")));
        }
        if self.shut_down {
            return Err((ErrorCode::InvalidRequest, format!("`{method}` after `shutdown`")));
        }
        if method == "shutdown" {
            self.shut_down = true;
            return Ok(Value::Null);
        }
        // Questions about the text are answered from a check of the text as it now is.
        self.settle();
        let world = self.world.as_ref().ok_or((ErrorCode::InternalError, String::new()))?;
        let doc = |uri: &Uri| -> Option<PathBuf> {
            let rel = world.relative(uri);
            if rel.is_none() {
                self.log(MessageType::INFO, world.locale().msg(Lsp::NotAFileNoAnswer { uri: &uri.as_str() }));
            }
            rel
        };
        use lsp_types::request as r;
        use lsp_types::request::Request as _;
        match method.as_str() {
            r::GotoDefinition::METHOD => {
                let p: lsp_types::GotoDefinitionParams = params(raw)?;
                let at = &p.text_document_position_params;
                json(doc(&at.text_document.uri).and_then(|rel| answer::definition(world, &rel, at.position)))
            }
            r::References::METHOD => {
                let p: lsp_types::ReferenceParams = params(raw)?;
                let at = &p.text_document_position;
                let found = doc(&at.text_document.uri)
                    .map(|rel| answer::references(world, &rel, at.position, p.context.include_declaration));
                json(found)
            }
            r::HoverRequest::METHOD => {
                let p: lsp_types::HoverParams = params(raw)?;
                let at = &p.text_document_position_params;
                json(doc(&at.text_document.uri).and_then(|rel| answer::hover(world, &rel, at.position)))
            }
            r::Completion::METHOD => {
                let p: lsp_types::CompletionParams = params(raw)?;
                let at = &p.text_document_position;
                let items = doc(&at.text_document.uri).and_then(|rel| {
                    let agreement = world.checked.as_ref()?.agreement.as_ref()?;
                    let text = world.text(&rel)?;
                    let index = rel == agreement.file;
                    Some(complete::complete(world.locale(), agreement, index, &text::Text::new(&text), at.position))
                });
                json(items)
            }
            r::PrepareRenameRequest::METHOD => {
                let p: lsp_types::TextDocumentPositionParams = params(raw)?;
                match doc(&p.text_document.uri) {
                    Some(rel) => json(answer::prepare_rename(world, &rel, p.position)?),
                    None => Ok(Value::Null),
                }
            }
            r::Rename::METHOD => {
                let p: lsp_types::RenameParams = params(raw)?;
                let at = &p.text_document_position;
                match doc(&at.text_document.uri) {
                    Some(rel) => json(answer::rename(world, &rel, at.position, &p.new_name)?),
                    None => Ok(Value::Null),
                }
            }
            r::CodeActionRequest::METHOD => {
                let p: lsp_types::CodeActionParams = params(raw)?;
                json(doc(&p.text_document.uri).map(|rel| answer::code_actions(world, &rel, p.range)))
            }
            r::DocumentSymbolRequest::METHOD => {
                let p: lsp_types::DocumentSymbolParams = params(raw)?;
                json(doc(&p.text_document.uri).map(|rel| answer::symbols(world, &rel)))
            }
            other => Err((ErrorCode::MethodNotFound, format!("clausebook lsp does not answer `{other}`"))),
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
        let world = World::new(&root, today);
        self.watch(&root);
        self.world = Some(world);
        let capabilities = ServerCapabilities {
            position_encoding: Some(PositionEncodingKind::UTF16),
            text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..Default::default()
            })),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec!["[".into(), ",".into()]),
                ..Default::default()
            }),
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

    /// Watches the project's folders for changes made outside the editor (a `git pull`), and
    /// hands them to the main loop.
    fn watch(&self, root: &Path) {
        let (root, poll, tx) = (root.to_path_buf(), self.options.poll, self.disk.0.clone());
        std::thread::spawn(move || {
            let Ok(mut watcher) = crate::pipeline::watch::ProjectWatcher::new(&root, poll) else { return };
            loop {
                if let Some(batch) = watcher.next_batch(std::time::Duration::from_millis(200))
                    && tx.send(batch).is_err()
                {
                    return;
                }
            }
        });
    }

    fn notification(&mut self, n: Notification) {
        use lsp_types::notification as note;
        let Some(world) = self.world.as_mut() else {
            if !n.method.starts_with("$/") {
                self.log(MessageType::WARNING, format!("ignored `{}` before `initialize`", n.method));
            }
            return;
        };
        let method = n.method.clone();
        let problem = match method.as_str() {
            note::Initialized::METHOD | note::DidSaveTextDocument::METHOD | note::DidChangeConfiguration::METHOD => {
                None
            }
            note::DidOpenTextDocument::METHOD => match params::<lsp_types::DidOpenTextDocumentParams>(n.params) {
                Ok(p) => match world.relative(&p.text_document.uri) {
                    Some(rel) => {
                        world.set_text(&rel, p.text_document.uri, p.text_document.version, p.text_document.text);
                        None
                    }
                    None => Some(world.locale().msg(Lsp::NotAFileNotChecked { uri: &p.text_document.uri.as_str() })),
                },
                Err((_, e)) => Some(e),
            },
            note::DidChangeTextDocument::METHOD => match params::<lsp_types::DidChangeTextDocumentParams>(n.params) {
                Ok(p) => {
                    let uri = p.text_document.uri;
                    match world.relative(&uri).filter(|rel| world.open.contains_key(rel)) {
                        Some(rel) => {
                            let mut current = world.open[&rel].text.to_string();
                            for change in p.content_changes {
                                current = match change.range {
                                    Some(range) => text::Text::new(&current).replace(range, &change.text),
                                    None => change.text,
                                };
                            }
                            world.set_text(&rel, uri, p.text_document.version, current);
                            None
                        }
                        None => Some(world.locale().msg(Lsp::ChangeNotOpen { uri: &uri.as_str() })),
                    }
                }
                Err((_, e)) => Some(e),
            },
            note::DidCloseTextDocument::METHOD => match params::<lsp_types::DidCloseTextDocumentParams>(n.params) {
                Ok(p) => {
                    if let Some(rel) = world.relative(&p.text_document.uri) {
                        world.close(&rel);
                    }
                    None
                }
                Err((_, e)) => Some(e),
            },
            note::DidChangeWatchedFiles::METHOD => match params::<lsp_types::DidChangeWatchedFilesParams>(n.params) {
                Ok(p) => {
                    let changed: Vec<PathBuf> = p.changes.iter().filter_map(|c| world.relative(&c.uri)).collect();
                    world.disk_changed(&changed);
                    None
                }
                Err((_, e)) => Some(e),
            },
            // `$/cancelRequest`, `$/setTrace`, …: optional by the protocol's rules.
            m if m.starts_with("$/") => None,
            m => Some(format!("clausebook lsp does not handle the notification `{m}`; ignored")),
        };
        if let Some(problem) = problem {
            self.log(MessageType::WARNING, format!("{method}: {problem}"));
        }
    }
}

/// The project root for an editor's workspace: its first folder (else `rootUri`, else the
/// current folder), or the nearest folder above it that holds `content/`.
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
    given.ancestors().find(|d| d.join(crate::load::CONTENT).is_dir()).map_or(given.clone(), Path::to_path_buf)
}
