//! The connection to the editor over stdin and stdout: messages framed with `Content-Length`
//! headers, as `lsp-server` writes them. Reading is our own because `lsp-server`'s reader stops
//! the server at the first malformed message and allocates whatever `Content-Length` claims; here
//! a malformed message is reported and skipped, a body over [`MAX_BODY`] is skipped unread, and a
//! header line is read as bytes, at most [`MAX_HEADER_LINE`] of them (a line that is not UTF-8, or
//! longer, is reported and skipped without being held).

use std::io::{self, BufRead, Read, Write};
use std::thread;

use crossbeam_channel::{Receiver, Sender, unbounded};
use lsp_server::Message;

/// The largest message body read (64 MiB): a longer one is skipped and reported.
pub const MAX_BODY: usize = 64 << 20;

/// The longest header line kept (8 KiB; LSP's two headers take under 100 bytes): the rest of a
/// longer line is read and dropped up to its newline, and the line reported.
pub const MAX_HEADER_LINE: usize = 8 << 10;

/// A header line as read.
enum Line {
    /// The input ended.
    End,
    /// A line, without its line ending.
    Text(String),
    /// A line that is not UTF-8 (its first bytes, shown).
    NotUtf8(String),
    /// A line over [`MAX_HEADER_LINE`], of this many bytes.
    TooLong(usize),
}

/// Reads one line of at most [`MAX_HEADER_LINE`] bytes; a longer one is consumed to its newline
/// without being held.
fn read_line(input: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<Line> {
    buf.clear();
    let mut total = 0usize;
    loop {
        let available = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            if total == 0 {
                return Ok(Line::End);
            }
            break;
        }
        let (n, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        let keep = n.min((MAX_HEADER_LINE + 2).saturating_sub(buf.len()));
        buf.extend_from_slice(&available[..keep]);
        input.consume(n);
        total = total.saturating_add(n);
        if done {
            break;
        }
    }
    // Some of the line was dropped, or what was kept is longer than allowed without its ending.
    let dropped = total > buf.len();
    while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        buf.pop();
    }
    if dropped || buf.len() > MAX_HEADER_LINE {
        return Ok(Line::TooLong(total));
    }
    Ok(match std::str::from_utf8(buf) {
        Ok(text) => Line::Text(text.to_string()),
        Err(_) => Line::NotUtf8(String::from_utf8_lossy(buf).chars().take(100).collect()),
    })
}

/// What the reader passes on: a message, or a problem with one that was skipped.
#[derive(Debug)]
pub enum Incoming {
    /// A well-formed message.
    Message(Message),
    /// A message that could not be read, and why; the ones after it still are.
    Malformed(String),
}

/// Reads one framed message body from `input`: `Ok(None)` at the end of the input.
///
/// A line that is no header is reported at once, and reading goes on at the next line (it may be
/// the start of the next message); one after a `Content-Length` is reported when the headers end,
/// and the body they announce is skipped with it. A header block without `Content-Length` is
/// reported when it ends. A header block whose `Content-Length` headers disagree is malformed: its
/// message is skipped, framed by [`frame`], and reported (equal ones are one header, as RFC 9112
/// §6.3 lets a reader take them).
fn read_body(input: &mut impl BufRead) -> io::Result<Option<Result<Vec<u8>, String>>> {
    // The distinct lengths given, in order, and the first that did not parse.
    let mut lengths: Vec<usize> = Vec::new();
    let mut unparsed: Option<String> = None;
    // Whether a header line other than `Content-Length` was read.
    let mut headers = false;
    let mut problem: Option<String> = None;
    let mut bytes = Vec::new();
    loop {
        let framed = !lengths.is_empty() || unparsed.is_some();
        let bad = match read_line(input, &mut bytes)? {
            Line::End => return Ok(None),
            Line::NotUtf8(shown) => format!("a header line that is not UTF-8: {shown:?}"),
            Line::TooLong(n) => {
                format!("a header line of {n} bytes is over the limit of {MAX_HEADER_LINE}; skipped")
            }
            Line::Text(header) => {
                if header.is_empty() {
                    if framed {
                        break;
                    }
                    if headers {
                        return Ok(Some(Err(
                            "a header block without Content-Length; skipped (what follows it is read as headers)"
                                .to_string(),
                        )));
                    }
                    // Blank lines between messages carry nothing.
                    continue;
                }
                match header.split_once(':') {
                    Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                        match value.trim().parse() {
                            Ok(n) if !lengths.contains(&n) => lengths.push(n),
                            Ok(_) => {}
                            Err(_) => {
                                unparsed.get_or_insert_with(|| format!("bad Content-Length `{}`", value.trim()));
                            }
                        }
                        continue;
                    }
                    Some(_) => {
                        headers = true;
                        continue;
                    }
                    None => format!("not a header line: {header:?}"),
                }
            }
        };
        if !framed {
            return Ok(Some(Err(bad)));
        }
        problem.get_or_insert(bad);
    }
    let length = match (lengths.as_slice(), unparsed) {
        ([], Some(e)) => return Ok(Some(Err(problem.unwrap_or(e)))),
        ([], None) => unreachable!("the loop ends only with a length"),
        ([one], unparsed) => {
            // A bad second length: the message is skipped as the good one frames it.
            if let Some(e) = unparsed {
                problem.get_or_insert(e);
            }
            *one
        }
        (many, _) => {
            let (n, whole) = frame(input, many)?;
            let given = many.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
            let why = if whole {
                "the one whose body is a whole JSON value"
            } else {
                "the longest: none gives a whole JSON value"
            };
            let disagree = format!(
                "Content-Length headers that disagree ({given}); the message is skipped, framed by {n} ({why})"
            );
            return Ok(Some(Err(problem.unwrap_or(disagree))));
        }
    };
    if let Some(problem) = problem {
        io::copy(&mut input.take(length as u64), &mut io::sink())?;
        return Ok(Some(Err(problem)));
    }
    if length > MAX_BODY {
        io::copy(&mut input.take(length as u64), &mut io::sink())?;
        return Ok(Some(Err(format!("a message of {length} bytes is over the limit of {MAX_BODY}; skipped"))));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(Ok(body)))
}

/// Consumes the body of a message whose `Content-Length` headers disagree, and says which length
/// framed it and whether its body is a whole JSON value. The lengths are tried from the shortest:
/// the first whose body is one whole JSON value frames it (a JSON-RPC message is one object, and
/// no shorter part of an object is a whole JSON value), so the next message is read in step
/// whichever header was right; when none is, the longest is consumed. A length over [`MAX_BODY`]
/// is consumed unread.
fn frame(input: &mut impl BufRead, lengths: &[usize]) -> io::Result<(usize, bool)> {
    let mut sorted = lengths.to_vec();
    sorted.sort_unstable();
    let mut body = Vec::new();
    for &n in &sorted {
        if n > MAX_BODY {
            io::copy(&mut input.take((n - body.len()) as u64), &mut io::sink())?;
            return Ok((n, false));
        }
        let had = body.len();
        body.resize(n, 0);
        input.read_exact(&mut body[had..])?;
        if serde_json::from_slice::<serde::de::IgnoredAny>(&body).is_ok() {
            return Ok((n, true));
        }
    }
    Ok((sorted.last().copied().unwrap_or(0), false))
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
    fn disagreeing_lengths_skip_the_message_in_step_and_a_block_without_one_is_reported() {
        let ok = framed(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
        let body = r#"{"jsonrpc":"2.0","method":"skipped","params":{}}"#;
        let n = body.len();
        // The right length first, then last, then among three; equal ones are one header.
        let input = format!(
            "Content-Length: {n}\r\nContent-Length: 500\r\n\r\n{body}{ok}\
             Content-Length: 3\r\ncontent-length: {n}\r\n\r\n{body}{ok}\
             Content-Length: 7\r\nContent-Length: {n}\r\nContent-Length: 1\r\n\r\n{body}{ok}\
             Content-Length: {n}\r\nContent-Length: {n}\r\n\r\n{body}{ok}\
             Foo: bar\r\n\r\n{ok}\
             Content-Length: {n}\r\nContent-Length: x\r\n\r\n{body}{ok}"
        );
        let got = read(&input);
        let framed_by = |given: &str| {
            format!(
                "malformed: Content-Length headers that disagree ({given}); the message is skipped, framed by {n} (the one whose body is a whole JSON value)"
            )
        };
        assert_eq!(
            got,
            [
                framed_by(&format!("{n}, 500")),
                "initialized".into(),
                framed_by(&format!("3, {n}")),
                "initialized".into(),
                framed_by(&format!("7, {n}, 1")),
                "initialized".into(),
                "skipped".into(),
                "initialized".into(),
                "malformed: a header block without Content-Length; skipped (what follows it is read as headers)".into(),
                "initialized".into(),
                "malformed: bad Content-Length `x`".into(),
                "initialized".into(),
            ]
        );
        // No length gives a whole JSON value: the longest frames the message.
        let got = read(&format!("Content-Length: 2\r\nContent-Length: 4\r\n\r\n{{xx}}{ok}"));
        assert!(got[0].ends_with("framed by 4 (the longest: none gives a whole JSON value)"), "{got:?}");
        assert_eq!(got[1..], ["initialized"]);
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

    #[test]
    fn a_header_line_that_is_not_utf8_or_too_long_is_reported_and_skipped() {
        let ok = framed(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
        let long = "x".repeat(MAX_HEADER_LINE * 4);
        let just = format!("X-Pad: {}", "y".repeat(MAX_HEADER_LINE - 7));
        let mut input = b"\xff\xfe junk\r\n".to_vec();
        input.extend_from_slice(ok.as_bytes());
        input.extend_from_slice(format!("{long}\r\n{ok}").as_bytes());
        // Inside a message's headers (after its length): the whole message is skipped.
        let skipped = r#"{"jsonrpc":"2.0","method":"skipped","params":{}}"#;
        input.extend_from_slice(format!("Content-Length: {}\r\nX-Charset: ", skipped.len()).as_bytes());
        input.extend_from_slice(b"\xc3\x28\r\n\r\n");
        input.extend_from_slice(format!("{skipped}{ok}").as_bytes());
        input.extend_from_slice(format!("Content-Length: {}\r\n{long}\r\n\r\n{skipped}{ok}", skipped.len()).as_bytes());
        // A line of exactly the limit is a line.
        input.extend_from_slice(format!("{just}\r\n{ok}").as_bytes());
        // A line without a newline up to the end of the input.
        input.extend_from_slice(long.as_bytes());
        let (tx, rx) = unbounded();
        read_all(io::Cursor::new(input), &tx);
        drop(tx);
        let got: Vec<String> = rx
            .iter()
            .map(|i| match i {
                Incoming::Message(Message::Notification(n)) => n.method,
                Incoming::Message(other) => format!("{other:?}"),
                Incoming::Malformed(why) => format!("malformed: {why}"),
            })
            .collect();
        let over = format!("over the limit of {MAX_HEADER_LINE}; skipped");
        assert_eq!(got.len(), 10, "{got:#?}");
        assert!(got[0].starts_with("malformed: a header line that is not UTF-8: \"\u{fffd}\u{fffd} junk\""), "{got:?}");
        assert_eq!(got[1], "initialized");
        assert_eq!(got[2], format!("malformed: a header line of {} bytes is {over}", long.len() + 2));
        assert_eq!(got[3], "initialized");
        assert!(got[4].starts_with("malformed: a header line that is not UTF-8"), "{got:?}");
        assert_eq!(got[5], "initialized");
        assert!(got[6].ends_with(&over), "{got:?}");
        assert_eq!(got[7], "initialized");
        assert_eq!(got[8], "initialized");
        assert_eq!(got[9], format!("malformed: a header line of {} bytes is {over}", long.len()));
    }

    #[test]
    fn a_line_without_end_is_never_held_whole() {
        // A reader that never ends a line: 64 MiB arrive, at most the limit is kept.
        struct Endless(usize);
        impl Read for Endless {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.0 == 0 {
                    return Ok(0);
                }
                let n = buf.len().min(self.0);
                buf[..n].fill(b'a');
                self.0 -= n;
                Ok(n)
            }
        }
        let mut input = io::BufReader::new(Endless(64 << 20));
        let mut buf = Vec::new();
        assert!(matches!(read_line(&mut input, &mut buf).unwrap(), Line::TooLong(n) if n == 64 << 20));
        assert!(buf.capacity() <= 2 * MAX_HEADER_LINE + 64, "{}", buf.capacity());
    }
}
