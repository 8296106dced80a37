//! `letopis serve` under test: started on a free port (`--port 0`), its URL read from
//! the one line it prints, its status events read over a plain socket.

use super::{HttpResponse, TestEdition, http_request};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a test waits for the server to do something before it fails.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// A running `letopis serve`, stopped when dropped.
pub struct Served {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
    /// The URL it printed.
    pub url: String,
    stderr: Arc<Mutex<String>>,
}

impl TestEdition {
    /// Starts `letopis serve --port 0 ARGS` on the edition and waits for its URL.
    #[track_caller]
    pub fn serve(&self, args: &[&str]) -> Served {
        self.serve_with_env(args, &[])
    }

    /// [`TestEdition::serve`] with environment variables set for the server.
    #[track_caller]
    pub fn serve_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_letopis"))
            .envs(env.iter().copied())
            .args(["serve", "--port", "0"])
            .args(args)
            .arg("--root")
            .arg(self.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start letopis serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        let mut err = child.stderr.take().expect("piped stderr");
        std::thread::spawn(move || {
            let mut buffer = [0; 4096];
            while let Ok(n @ 1..) = err.read(&mut buffer) {
                let text = String::from_utf8_lossy(&buffer[..n]).into_owned();
                sink.lock().expect("stderr buffer").push_str(&text);
            }
        });
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx.recv_timeout(PATIENCE).unwrap_or_else(|_| {
            panic!("serve printed no URL; stderr:\n{}", stderr.lock().unwrap())
        });
        let url = line.trim().to_owned();
        let host = url
            .strip_prefix("http://")
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("not a URL: {line:?}"));
        let addr = host.parse().unwrap_or_else(|e| panic!("{host}: {e}"));
        Served {
            child,
            addr,
            url,
            stderr,
        }
    }
}

impl Served {
    /// `GET path` (sent as is: the path is not normalised).
    #[track_caller]
    pub fn get(&self, path: &str) -> HttpResponse {
        http_request(self.addr, "GET", path, None)
    }

    /// Opens the stream of status events.
    #[track_caller]
    pub fn events(&self) -> Events {
        Events::open(self.addr)
    }

    /// What the server printed on stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().expect("stderr buffer").clone()
    }

    /// What the server printed on stderr once it holds `wanted`: the terminal's copy of
    /// an event is written by another thread, so it may come a moment after the event.
    #[track_caller]
    pub fn stderr_with(&self, wanted: &str) -> String {
        let started = Instant::now();
        loop {
            let printed = self.stderr();
            if printed.contains(wanted) {
                return printed;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "stderr never held {wanted:?}: {printed}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Sends SIGINT, as Ctrl-C does, and waits for the exit code.
    #[cfg(unix)]
    #[track_caller]
    pub fn interrupt(&mut self) -> Option<i32> {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status();
        assert!(sent.is_ok_and(|s| s.success()), "kill -INT {pid}");
        let started = Instant::now();
        while started.elapsed() < PATIENCE {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("serve did not stop on SIGINT; stderr:\n{}", self.stderr());
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server's status events, as the live-reload script reads them.
pub struct Events {
    reader: BufReader<TcpStream>,
    /// When the test stops waiting (keep-alive comments arrive even when nothing
    /// happens, so the socket's own timeout never fires).
    deadline: Instant,
}

impl Events {
    /// Opens the stream; HTTP/1.0, so the body comes unchunked until the end.
    #[track_caller]
    pub fn open(addr: SocketAddr) -> Self {
        let mut stream = TcpStream::connect(addr).expect("connect for events");
        stream
            .write_all(b"GET /__letopis/events HTTP/1.0\r\n\r\n")
            .expect("ask for events");
        stream.set_read_timeout(Some(PATIENCE)).expect("a timeout");
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        while reader.read_line(&mut line).expect("read the head") > 2 {
            line.clear();
        }
        Self {
            reader,
            deadline: Instant::now() + PATIENCE,
        }
    }

    /// The next `status` event's data: `{"build": N, "problems": [...]}`.
    #[track_caller]
    pub fn next(&mut self) -> Value {
        self.deadline = self.deadline.max(Instant::now() + PATIENCE);
        self.read()
    }

    #[track_caller]
    fn read(&mut self) -> Value {
        let mut event = String::new();
        let mut data = String::new();
        loop {
            assert!(
                Instant::now() < self.deadline,
                "no status event came in time"
            );
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).expect("read an event");
            assert!(n > 0, "the event stream ended");
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if event == "status" {
                    return serde_json::from_str(&data).expect("JSON data");
                }
                (event, data) = (String::new(), String::new());
            } else if let Some(name) = line.strip_prefix("event: ") {
                event = name.to_owned();
            } else if let Some(text) = line.strip_prefix("data: ") {
                data.push_str(text);
            }
        }
    }

    /// Reads events until one satisfies `wanted`, and returns it.
    #[track_caller]
    pub fn until(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        let started = Instant::now();
        loop {
            let status = self.read();
            if wanted(&status) {
                return status;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "no such event; last: {status}"
            );
        }
    }
}

/// The build number of a status event.
pub fn build_of(status: &Value) -> u64 {
    status["build"].as_u64().expect("a build number")
}
