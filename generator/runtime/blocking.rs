//! Blocking calls (feature `blocking`), for callers without an async
//! runtime.
//!
//! Each client starts a small runtime with one worker thread at its first
//! blocking call. A call is spawned onto it and the caller's thread waits on
//! a channel, so it works from a plain thread and also from inside another
//! tokio runtime (where `block_on` would panic); it then blocks that
//! runtime's thread like any blocking call does.

use std::sync::mpsc;

use tracing::Instrument as _;
use tracing::instrument::WithSubscriber as _;

use super::error::Error;
use super::response::Response;
use super::send::{Pending, Transport};

pub(crate) struct BlockingRuntime {
    runtime: Option<tokio::runtime::Runtime>,
}

impl Transport {
    /// The client's runtime for blocking calls, started by the first one.
    pub(crate) fn blocking(&self) -> Result<&BlockingRuntime, Error> {
        if let Some(runtime) = self.blocking.get() {
            return Ok(runtime);
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("api-client-blocking")
            .enable_all()
            .build()
            .map_err(|error| Error::Config {
                message: format!("cannot start the runtime for blocking calls: {error}"),
            })?;
        // Another thread may have started one meanwhile; then that one is used and this one stops.
        Ok(self.blocking.get_or_init(|| BlockingRuntime { runtime: Some(runtime) }))
    }
}

impl BlockingRuntime {
    /// Runs the call on the private runtime and waits for its response.
    pub(crate) fn run(&self, call: Pending) -> Result<Response, Error> {
        let stopped = || Error::Config {
            message: "the runtime for blocking calls stopped during the call".to_owned(),
        };
        let runtime = self.runtime.as_ref().ok_or_else(stopped)?;
        let (sender, receiver) = mpsc::sync_channel(1);
        // The call runs on the runtime's thread; it keeps the caller's subscriber and span, so it
        // is traced as if it ran here.
        let task = runtime.spawn(call.in_current_span().with_current_subscriber());
        runtime.spawn(async move {
            // The caller waits for this message, so the send cannot fail.
            let _ = sender.send(task.await);
        });
        match receiver.recv() {
            Ok(Ok(result)) => result,
            // A panic in the call belongs on the caller's thread, as it would with `.await`.
            Ok(Err(failure)) if failure.is_panic() => {
                std::panic::resume_unwind(failure.into_panic())
            }
            Ok(Err(_)) | Err(_) => Err(stopped()),
        }
    }
}

impl Drop for BlockingRuntime {
    fn drop(&mut self) {
        // Dropping a runtime waits for its threads, which panics inside an async context; shutting
        // down in the background does not.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}
