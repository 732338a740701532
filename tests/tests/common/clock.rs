//! A paused clock that stands still, for tests of timeouts and waits: it
//! moves only by the waits the client announces and by what the test
//! advances, never with real time.
//!
//! Why not tokio's paused clock alone: when a paused runtime has nothing to
//! run, tokio moves the clock to the next timer, and a call waiting for a
//! loopback answer has one, its own timeout (reqwest's, on tokio's clock).
//! The runtime parks, polls its sockets without waiting, and jumps: every
//! request would time out at once (tokio's `time::pause` docs, "Auto-advance";
//! reqwest issue 2783). Tokio does not move the clock while a `spawn_blocking`
//! task runs ("Preventing auto-advance" in the same docs), so [`StillClock`]
//! keeps one running for its lifetime: a request then takes what real time it
//! takes, and no timer fires meanwhile.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::{capture_traces, CaptureGuard};

/// The clock of a `#[tokio::test(start_paused = true)]` test, standing still.
///
/// The client announces each wait before a retry in its `retrying` trace
/// (`delay_ms`, in whole milliseconds, as it waits them): a task of the
/// test moves the clock on by exactly that wait, and [`waits`](Self::waits)
/// lists them. Anything else, such as the timeout of a request the server
/// holds, passes only when the test calls `tokio::time::advance`.
///
/// It captures traces ([`capture_traces`]), so it takes the capture's turn,
/// and it follows the client of the test's own thread only (a
/// `current_thread` runtime runs every task of the test there).
pub struct StillClock {
    waits: Arc<Mutex<Vec<Duration>>>,
    driver: tokio::task::JoinHandle<()>,
    _capture: CaptureGuard,
    /// Dropped last: the blocking task that keeps the clock still ends then.
    _hold: std::sync::mpsc::Sender<()>,
}

impl StillClock {
    /// Holds the clock still and starts following the client's waits. The
    /// test must start paused: on a running clock, `advance` panics.
    pub fn start() -> StillClock {
        let (hold, held) = std::sync::mpsc::channel::<()>();
        // Returns when `hold` is dropped.
        tokio::task::spawn_blocking(move || held.recv().unwrap_or_default());
        let (announce, mut announced) = tokio::sync::mpsc::unbounded_channel();
        let thread = std::thread::current().id();
        let (capture, _) = capture_traces(move |event| {
            let retrying = event.fields.get("message").is_some_and(|message| message == "retrying");
            if retrying && std::thread::current().id() == thread {
                let delay = event.fields.get("delay_ms").and_then(|delay| delay.parse().ok());
                let _ = announce.send(Duration::from_millis(delay.expect("`retrying` has delay_ms")));
            }
        });
        let waits = Arc::new(Mutex::new(Vec::new()));
        let taken = Arc::clone(&waits);
        // The client announces a wait and then starts it, in the same poll,
        // before this task runs: the clock moves on from when it started.
        let driver = tokio::spawn(async move {
            while let Some(wait) = announced.recv().await {
                taken.lock().unwrap().push(wait);
                tokio::time::advance(wait).await;
            }
        });
        StillClock { waits, driver, _capture: capture, _hold: hold }
    }

    /// The waits the client announced (and took), in order.
    pub fn waits(&self) -> Vec<Duration> {
        self.waits.lock().unwrap().clone()
    }
}

impl Drop for StillClock {
    fn drop(&mut self) {
        self.driver.abort();
    }
}

/// Lets every task of the test's runtime run until each waits for
/// something: after `tokio::time::advance`, the timers it passed have fired
/// and what they woke has run, since the runtime fires due timers each time
/// a task yields. Only loopback I/O can still be under way.
pub async fn settle() {
    for _ in 0..8 {
        tokio::task::yield_now().await;
    }
}
