//! A 1 GiB download through `bytes_stream` holds at most a few chunks at a
//! time: the heap in use is measured while it runs, by an allocator that
//! counts (so this test is a binary of its own), and must stay under 64 MiB
//! at its peak, the mock server's side included. The server makes the body as
//! it writes it; the client checks every byte against what was sent.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use bytes::Bytes;
use client_runtime::mock::{Reply, Server};
use client_runtime::{Endpoint, Operation, Reader};
use reqwest::Method;

/// The heap in use, and the most it held since the last reset.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(size: usize) {
    let now = IN_USE.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is passed to the system allocator unchanged; only sizes are counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as the caller promised for `layout`.
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            grew(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: as the caller promised for `pointer` and `layout`.
        unsafe { System.dealloc(pointer, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as the caller promised for `pointer`, `layout` and `new_size`.
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const GIB: usize = 1 << 30;
const BLOCK: usize = 64 * 1024;
const MIB: usize = 1 << 20;

/// The body is 16,384 blocks of 64 KiB: this pattern, with the block's number in its first
/// eight bytes, so a block lost, repeated or out of order shows.
static PATTERN: [u8; BLOCK] = {
    let mut pattern = [0; BLOCK];
    let mut at = 0;
    while at < BLOCK {
        pattern[at] = (at * 31 + at / 256) as u8;
        at += 1;
    }
    pattern
};

fn block(number: u64) -> Bytes {
    let mut block = PATTERN.to_vec();
    block[..8].copy_from_slice(&number.to_be_bytes());
    Bytes::from(block)
}

/// What the body holds at `position`, for `length` bytes within one block.
fn expected(position: usize, length: usize) -> Vec<u8> {
    let (number, offset) = ((position / BLOCK) as u64, position % BLOCK);
    let mut bytes = PATTERN[offset..offset + length].to_vec();
    let header = number.to_be_bytes();
    for (index, byte) in bytes.iter_mut().enumerate().take(8_usize.saturating_sub(offset)) {
        *byte = header[offset + index];
    }
    bytes
}

/// `GET /large`.
struct Large;

impl Operation for Large {
    type Output = Bytes;
    const ENDPOINT: &'static Endpoint = &Endpoint {
        name: "large",
        id: "large",
        method: Method::GET,
        template: "/large",
        accept: "application/octet-stream",
        authenticated: false,
        negotiates_content_type: false,
    };
    const READ: Reader<Bytes> = |response| response.bytes("application/octet-stream");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gibibyte_streams_through_in_constant_memory() {
    let server = Server::start().await;
    let blocks = (GIB / BLOCK) as u64;
    let reply = Reply::new(200).chunks("application/octet-stream", move || (0..blocks).map(block));
    server.mock::<Large, serde_json::Value>(&[]).reply(reply);
    let client = server.client();

    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let started = Instant::now();
    let mut stream = client.request(Large).bytes_stream().await.unwrap();
    let mut position = 0;
    while let Some(chunk) = stream.try_next().await.unwrap() {
        let mut rest = &chunk[..];
        while !rest.is_empty() {
            let length = rest.len().min(BLOCK - position % BLOCK);
            assert!(
                rest[..length] == expected(position, length)[..],
                "the body differs at {position}"
            );
            position += length;
            rest = &rest[length..];
        }
    }
    let elapsed = started.elapsed();
    let peak = PEAK.load(Ordering::Relaxed);
    assert_eq!(position, GIB);
    println!(
        "1 GiB in {:.1} s; heap at the start {:.1} MiB, at its peak {:.1} MiB",
        elapsed.as_secs_f64(),
        before as f64 / MIB as f64,
        peak as f64 / MIB as f64,
    );
    assert!(peak < 64 * MIB, "the heap reached {peak} bytes");
}
