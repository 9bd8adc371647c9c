//! The last resort behind the rules' deadline. The deadline is checked inside Lua (by the hook and
//! by every charge), which stops every way a rule is known to run; should a rule still be running
//! well past it (a way out nobody has found yet), no thread can be stopped from outside, so this
//! watchdog ends the process with a message naming the rule, rather than letting it run for ever.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How long past its deadline a rule may still be running before the process is ended.
fn grace(seconds: Duration) -> Duration {
    seconds + Duration::from_secs(5)
}

type Handler = Box<dyn Fn(&str) + Send + Sync>;

static HANDLER: OnceLock<Handler> = OnceLock::new();
static WATCHED: Mutex<BTreeMap<u64, (Instant, String)>> = Mutex::new(BTreeMap::new());
static NEXT: AtomicU64 = AtomicU64::new(0);
static STARTED: OnceLock<()> = OnceLock::new();

/// Sets what ends the process when a rule outlives its deadline and grace (the command line
/// prints the message and exits with 1). Without one, the message goes to standard error and the
/// process aborts. Only the first call counts.
pub fn on_runaway(handler: impl Fn(&str) + Send + Sync + 'static) {
    let _ = HANDLER.set(Box::new(handler));
}

/// The watchdog's hold on one running rule; dropping it ends the watch.
#[derive(Debug)]
pub struct Watch(u64);

impl Drop for Watch {
    fn drop(&mut self) {
        if let Ok(mut watched) = WATCHED.lock() {
            watched.remove(&self.0);
        }
    }
}

/// Watches the rule `rule` that must finish within `seconds` (plus a grace).
pub fn watch(seconds: Duration, rule: &str) -> Watch {
    STARTED.get_or_init(|| {
        let _ = std::thread::Builder::new().name("clausebook rule watchdog".into()).spawn(patrol);
    });
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    if let Ok(mut watched) = WATCHED.lock() {
        watched.insert(id, (Instant::now() + grace(seconds) + seconds, rule.to_string()));
    }
    Watch(id)
}

fn patrol() {
    loop {
        std::thread::sleep(Duration::from_millis(500));
        let now = Instant::now();
        let overdue = WATCHED.lock().ok().and_then(|w| w.values().find(|(end, _)| *end <= now).map(|(_, r)| r.clone()));
        if let Some(rule) = overdue {
            let message = format!(
                "rule `{rule}` could not be stopped at its deadline (`rule_limits.seconds`) and is still running: clausebook stops here. Please report the rule: it found a way around the sandbox's limits."
            );
            match HANDLER.get() {
                Some(handler) => handler(&message),
                None => {
                    eprintln!("error: {message}");
                    std::process::abort();
                }
            }
        }
    }
}
