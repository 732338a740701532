//! CPU time of the calling thread.

use std::time::Duration;

/// User plus system time this thread has used so far.
pub fn thread_time() -> Result<Duration, String> {
    let mut time = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `time` is a valid, writable timespec.
    if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut time) } != 0 {
        return Err(format!("clock_gettime: {}", std::io::Error::last_os_error()));
    }
    let seconds = u64::try_from(time.tv_sec).map_err(|error| error.to_string())?;
    let nanos = u32::try_from(time.tv_nsec).map_err(|error| error.to_string())?;
    Ok(Duration::new(seconds, nanos))
}
