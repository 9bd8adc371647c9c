//! The last resort behind the rules' deadline. The deadline is checked inside Lua (by the hook and
//! by every charge), which stops every way a rule is known to run but one: a single instruction
//! whose C work is not charged (comparing two strings of tens of megabytes) holds the hook off for
//! up to 1,000 of them. So at the deadline the watchdog nudges the running state — it makes the
//! hook fire at the very next instruction, which Lua allows from outside ([`Nudge`]) — and should
//! a rule still be running well past the deadline (a way out nobody has found yet), no thread can
//! be stopped from outside, so the watchdog ends the process with a message naming the rule,
//! rather than letting it run for ever.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::base::catalog::{Locale, RuleRun};

/// How long past its deadline a rule may still be running before the process is ended.
fn grace(seconds: Duration) -> Duration {
    seconds + Duration::from_secs(5)
}

type Handler = Box<dyn Fn(&str) + Send + Sync>;

static HANDLER: OnceLock<Handler> = OnceLock::new();
/// Per watched rule: when to nudge its state (and how, if it can be), when to end the process,
/// and the rule's name.
struct Watched {
    nudge: Option<(Instant, Nudge)>,
    end: Instant,
    rule: String,
}

static WATCHED: Mutex<BTreeMap<u64, Watched>> = Mutex::new(BTreeMap::new());
static NEXT: AtomicU64 = AtomicU64::new(0);
static STARTED: OnceLock<()> = OnceLock::new();

/// Sets what ends the process when a rule outlives its deadline and grace (the command line
/// writes the message and exits with 1). Without one the process aborts: the library writes
/// nothing itself. Only the first call counts.
pub fn on_runaway(handler: impl Fn(&str) + Send + Sync + 'static) {
    let _ = HANDLER.set(Box::new(handler));
}

/// A Lua state's main thread, to be made to call its hook at the next instruction. Lua's
/// `lua_sethook` may be called while the state runs (the standalone interpreter does it from a
/// signal handler for Ctrl-C: `ldebug.c` documents the assumptions, pointer-sized atomic writes);
/// the watchdog calls it only while the state is alive, since dropping the [`Watch`] (before the
/// state is closed) takes the same lock the watchdog holds while it nudges.
pub struct Nudge(*mut mlua::ffi::lua_State);

// SAFETY: the pointer is used only by `Nudge::now`, under the watch lock, while the state lives.
unsafe impl Send for Nudge {}

impl Nudge {
    /// The main thread of `lua`.
    pub fn of(lua: &mlua::Lua) -> Option<Nudge> {
        let mut state = std::ptr::null_mut();
        // SAFETY: only reads the state pointer mlua runs the closure with.
        let got = unsafe { lua.exec_raw::<()>((), |l| state = l) };
        got.ok().filter(|_| !state.is_null()).map(|_| Nudge(state))
    }

    fn now(&self) {
        self.count(1);
    }

    /// Makes the state's hook fire every `every` instructions again (a nudge that came just as
    /// the rule before ended must not slow the next one down), from the thread that runs it.
    pub fn reset(&self, every: u32) {
        self.count(every);
    }

    fn count(&self, every: u32) {
        // SAFETY: see the type's comment; the hook stays the one mlua installed, only its count
        // changes.
        unsafe {
            let hook = mlua::ffi::lua_gethook(self.0);
            let mask = mlua::ffi::lua_gethookmask(self.0);
            if hook.is_some() && mask != 0 {
                mlua::ffi::lua_sethook(self.0, hook, mask, every as std::ffi::c_int);
            }
        }
    }
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

/// Watches `rule` (what runs, as the message names it: "rule `x` of rules/t.lua") that must finish
/// within `seconds`: at the deadline its state is nudged (with `nudge`), and past the grace the
/// process is ended.
pub fn watch(seconds: Duration, rule: &str, nudge: Option<Nudge>) -> Watch {
    STARTED.get_or_init(|| {
        let _ = std::thread::Builder::new().name("clausebook rule watchdog".into()).spawn(patrol);
    });
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    let now = Instant::now();
    let watched = Watched {
        nudge: nudge.map(|n| (now + seconds, n)),
        end: now + seconds + grace(seconds),
        rule: rule.to_string(),
    };
    if let Ok(mut all) = WATCHED.lock() {
        all.insert(id, watched);
    }
    Watch(id)
}

fn patrol() {
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let now = Instant::now();
        let overdue = match WATCHED.lock() {
            Ok(mut all) => {
                for w in all.values_mut() {
                    if w.nudge.as_ref().is_some_and(|(at, _)| *at <= now)
                        && let Some((_, nudge)) = w.nudge.take()
                    {
                        nudge.now();
                    }
                }
                all.values().find(|w| w.end <= now).map(|w| w.rule.clone())
            }
            Err(_) => None,
        };
        if let Some(rule) = overdue {
            // The watchdog serves every run of the process at once: it knows no agreement's language.
            let message = Locale::En.msg(RuleRun::Unstoppable { what: &rule });
            match HANDLER.get() {
                Some(handler) => handler(&message),
                None => std::process::abort(),
            }
        }
    }
}
