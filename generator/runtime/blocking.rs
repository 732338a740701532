//! Runs the async client's calls to completion for callers without an async
//! runtime.
//!
//! Each blocking client owns a small runtime with one worker thread. A call
//! is spawned onto it and the caller's thread waits on a channel, so it works
//! from a plain thread and also from inside another tokio runtime (where
//! `block_on` would panic); it then blocks that runtime's thread like any
//! blocking call does.

use std::future::Future;
use std::sync::mpsc;

use tracing::Instrument as _;
use tracing::instrument::WithSubscriber as _;

use crate::error::Error;

pub(crate) struct BlockingRuntime {
    runtime: Option<tokio::runtime::Runtime>,
}

impl std::fmt::Debug for BlockingRuntime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlockingRuntime").finish_non_exhaustive()
    }
}

impl BlockingRuntime {
    pub(crate) fn new() -> Result<Self, Error> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("api-client-blocking")
            .enable_all()
            .build()
            .map_err(|error| Error::Config {
                message: format!("cannot start the blocking client's runtime: {error}"),
            })?;
        Ok(BlockingRuntime { runtime: Some(runtime) })
    }

    /// Runs `call` on the private runtime and waits for its result.
    pub(crate) fn run<T: Send + 'static>(
        &self,
        call: impl Future<Output = Result<T, Error>> + Send + 'static,
    ) -> Result<T, Error> {
        let stopped =
            || Error::Config { message: "the blocking client's runtime stopped during the call".to_owned() };
        let runtime = self.runtime.as_ref().ok_or_else(stopped)?;
        let (sender, receiver) = mpsc::sync_channel(1);
        // The call runs on the runtime's thread; it keeps the caller's
        // subscriber and span, so it is traced as if it ran here.
        let task = runtime.spawn(call.in_current_span().with_current_subscriber());
        runtime.spawn(async move {
            // The caller waits for this message, so the send cannot fail.
            let _ = sender.send(task.await);
        });
        match receiver.recv() {
            Ok(Ok(result)) => result,
            // A panic in the call belongs on the caller's thread, as it would
            // be with the async client.
            Ok(Err(failure)) if failure.is_panic() => std::panic::resume_unwind(failure.into_panic()),
            Ok(Err(_)) | Err(_) => Err(stopped()),
        }
    }
}

impl Drop for BlockingRuntime {
    fn drop(&mut self) {
        // Dropping a runtime waits for its threads, which panics inside an
        // async context; shutting down in the background does not.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}
