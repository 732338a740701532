//! A server on 127.0.0.1 that keeps every request it receives as it arrived
//! (request line, headers, body) and answers each with an empty 500: the
//! sweep sends the calls that failed against Prism to it once more, one at a
//! time, to show the exact request of each failure.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// The largest request kept whole; the rest of a longer body is dropped.
const MAX_KEPT: usize = 64 * 1024;

/// A running recorder; it stops accepting when dropped (its thread ends
/// with the process).
pub struct Recorder {
    pub base_url: String,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Recorder {
    pub fn start() -> Result<Recorder, String> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .map_err(|error| format!("bind 127.0.0.1:0: {error}"))?;
        let port = listener.local_addr().map_err(|error| error.to_string())?.port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let kept = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                // One connection at a time: the calls come one at a time.
                if let Some(request) = read_request(&stream) {
                    kept.lock().expect("the requests").push(request);
                }
                let mut stream = stream;
                let _ = stream.write_all(
                    b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                );
            }
        });
        Ok(Recorder { base_url: format!("http://127.0.0.1:{port}"), requests })
    }

    /// The requests received so far, in order.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().expect("the requests").clone()
    }
}

/// One request read from `stream`: its head, and its body by
/// `Content-Length`.
fn read_request(stream: &TcpStream) -> Option<String> {
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        if line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok()?;
            }
        }
        head.push_str(line.trim_end());
        head.push('\n');
    }
    let mut body = vec![0; length.min(MAX_KEPT)];
    reader.read_exact(&mut body).ok()?;
    Some(format!("{head}\n{}", String::from_utf8_lossy(&body)))
}
