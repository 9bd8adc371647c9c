//! The connection to the editor over stdin and stdout: messages framed with `Content-Length`
//! headers, as `lsp-server` writes them. Reading is our own because `lsp-server`'s reader stops
//! the server at the first malformed message and allocates whatever `Content-Length` claims; here
//! a malformed message is reported and skipped, and a body over [`MAX_BODY`] is skipped unread.

use std::io::{self, BufRead, Read, Write};
use std::thread;

use crossbeam_channel::{Receiver, Sender, unbounded};
use lsp_server::Message;

/// The largest message body read (64 MiB): a longer one is skipped and reported.
pub const MAX_BODY: usize = 64 << 20;

/// What the reader passes on: a message, or a problem with one that was skipped.
#[derive(Debug)]
pub enum Incoming {
    /// A well-formed message.
    Message(Message),
    /// A message that could not be read, and why; the ones after it still are.
    Malformed(String),
}

/// Reads one framed message body from `input`: `Ok(None)` at the end of the input.
fn read_body(input: &mut impl BufRead) -> io::Result<Option<Result<Vec<u8>, String>>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if length.is_some() {
                break;
            }
            // Blank lines between messages carry nothing.
            continue;
        }
        match header.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                length = Some(value.trim().parse().map_err(|_| format!("bad Content-Length `{}`", value.trim())));
            }
            Some(_) => {}
            None => return Ok(Some(Err(format!("not a header line: {header:?}")))),
        }
    }
    let length = match length {
        Some(Ok(n)) => n,
        Some(Err(e)) => return Ok(Some(Err(e))),
        None => unreachable!("the loop ends only with a length"),
    };
    if length > MAX_BODY {
        io::copy(&mut input.take(length as u64), &mut io::sink())?;
        return Ok(Some(Err(format!("a message of {length} bytes is over the limit of {MAX_BODY}; skipped"))));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(Ok(body)))
}

/// Reads messages from `input` until it ends, handing each to `out`.
pub fn read_all(mut input: impl BufRead, out: &Sender<Incoming>) {
    loop {
        let incoming = match read_body(&mut input) {
            Ok(None) | Err(_) => return,
            Ok(Some(Err(problem))) => Incoming::Malformed(problem),
            Ok(Some(Ok(body))) => match serde_json::from_slice::<Message>(&body) {
                Ok(message) => Incoming::Message(message),
                Err(e) => {
                    let shown: String = String::from_utf8_lossy(&body).chars().take(200).collect();
                    Incoming::Malformed(format!("not a JSON-RPC message ({e}): {shown}"))
                }
            },
        };
        if out.send(incoming).is_err() {
            return;
        }
    }
}

/// The two ends of a connection over stdin and stdout, each served by a thread: what the editor
/// sent, and where to put what it should receive. The incoming channel ends when stdin does.
pub fn stdio() -> (Receiver<Incoming>, Sender<Message>) {
    let (incoming, from_editor) = unbounded();
    let (to_editor, outgoing) = unbounded::<Message>();
    thread::spawn(move || read_all(io::stdin().lock(), &incoming));
    thread::spawn(move || {
        let mut stdout = io::stdout().lock();
        for message in outgoing {
            if message.write(&mut stdout).and_then(|()| stdout.flush()).is_err() {
                return;
            }
        }
    });
    (from_editor, to_editor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &str) -> Vec<String> {
        let (tx, rx) = unbounded();
        read_all(io::Cursor::new(input.as_bytes().to_vec()), &tx);
        drop(tx);
        rx.iter()
            .map(|i| match i {
                Incoming::Message(Message::Notification(n)) => n.method,
                Incoming::Message(other) => format!("{other:?}"),
                Incoming::Malformed(why) => format!("malformed: {why}"),
            })
            .collect()
    }

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn a_malformed_message_is_reported_and_the_next_one_still_read() {
        let ok = framed(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
        let input = format!("{}{ok}garbage line\n{ok}Content-Length: x\r\n\r\n{ok}", framed("{not json"));
        let got = read(&input);
        assert_eq!(got.len(), 6, "{got:?}");
        assert!(got[0].starts_with("malformed: not a JSON-RPC message"), "{got:?}");
        assert_eq!(got[1], "initialized");
        assert_eq!(got[2], "malformed: not a header line: \"garbage line\"");
        assert_eq!(got[3], "initialized");
        assert_eq!(got[4], "malformed: bad Content-Length `x`");
        assert_eq!(got[5], "initialized");
    }

    #[test]
    fn a_body_over_the_limit_is_skipped_without_being_held() {
        let ok = framed(r#"{"jsonrpc":"2.0","method":"exit"}"#);
        let huge = format!("Content-Length: {}\r\n\r\n{}", MAX_BODY + 1, " ".repeat(MAX_BODY + 1));
        let got = read(&format!("{huge}{ok}"));
        assert!(got[0].contains("over the limit"), "{got:?}");
        assert_eq!(got[1], "exit");
        let got = read("Content-Length: 99999999999999\r\n\r\n{}");
        assert!(got[0].contains("over the limit"), "a claimed length is not allocated: {got:?}");
    }
}
