//! Reading an imported PDF apart from the importer: `cica` runs itself as `cica pdf-text`, a
//! child process that reads the PDF from its standard input and writes the text to its
//! standard output, under limits of memory and processor time, and is stopped after a time.
//!
//! A PDF is a large format read by large parsers; a file built to nest objects without end,
//! to refer to itself or to inflate to gigabytes could overflow a stack (which no Rust code
//! can catch), loop, or exhaust memory. In a child process any of that ends the child, and the
//! import answers with an error naming the file; the server and the command go on.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cica_import::pdf::PdfError;

/// The hidden subcommand the helper runs as.
pub const SUBCOMMAND: &str = "pdf-text";
/// The most memory (address space) the helper may map.
const MEMORY: u64 = 2 * 1024 * 1024 * 1024;
/// The most processor time the helper may use, and the most time it is waited for.
const CPU_SECONDS: u64 = 20;
const WAIT: Duration = Duration::from_secs(30);
/// The most text the helper may give back.
const MAX_TEXT: u64 = 64 * 1024 * 1024;
/// The exit code with which the helper reports a PDF it could not read (the message on its
/// standard output).
const REFUSED: i32 = 3;

/// The text of a PDF, read by a child process (`cica pdf-text`).
pub fn pdf_text(bytes: &[u8]) -> Result<String, PdfError> {
    let failed = |why: String| PdfError::Helper(why);
    let exe = std::env::current_exe()
        .map_err(|e| failed(format!("the PDF reader could not be started ({e})")))?;
    let mut child = Command::new(exe)
        .arg(SUBCOMMAND)
        // The allocator reserves 1 GiB of address space at its first allocation, before the
        // helper sets its limit; reserved in steps of 64 MiB instead, [`MEMORY`] is the
        // helper's to use.
        .env("MIMALLOC_ARENA_RESERVE", "64M")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| failed(format!("the PDF reader could not be started ({e})")))?;
    // Feed and drain on their own threads, so a full pipe never blocks the other side.
    let input = child.stdin.take();
    let data = bytes.to_vec();
    let feeder = std::thread::spawn(move || {
        if let Some(mut stdin) = input {
            // The child may stop reading early (a fault, a refusal): a broken pipe then.
            let _ = stdin.write_all(&data);
        }
    });
    let output = child.stdout.take();
    let drainer = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(stdout) = output {
            let _ = stdout.take(MAX_TEXT + 1).read_to_end(&mut out);
        }
        out
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() > WAIT => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(failed(format!("the PDF reader was lost ({e})"))),
        }
    };
    let _ = feeder.join();
    let out = drainer.join().unwrap_or_default();
    let Some(status) = status else {
        return Err(failed(format!(
            "reading it took longer than {} s; it was set aside",
            WAIT.as_secs()
        )));
    };
    let text = String::from_utf8_lossy(&out).into_owned();
    match status.code() {
        Some(0) if out.len() as u64 <= MAX_TEXT => Ok(text),
        Some(0) => Err(failed(format!(
            "it holds more than {} MB of text; split it into parts",
            MAX_TEXT / 1024 / 1024
        ))),
        Some(REFUSED) => Err(failed(text.trim().to_owned())),
        _ => Err(failed(
            "the reader stopped on a fault in the file (it may be damaged, or built to exhaust a reader)"
                .into(),
        )),
    }
}

/// `cica pdf-text`: the helper's side. Limits itself, reads the PDF from standard input and
/// writes its text to standard output; a PDF it cannot read is reported with exit code 3.
pub fn run_helper() -> std::process::ExitCode {
    // Limits first, before anything is read. Where the system refuses them, the parent's
    // time limit still holds.
    let _ = rlimit::setrlimit(rlimit::Resource::AS, MEMORY, MEMORY);
    let _ = rlimit::setrlimit(rlimit::Resource::CPU, CPU_SECONDS, CPU_SECONDS);
    let mut bytes = Vec::new();
    let limit = cica_import::input::MAX_BYTES as u64 + 1;
    if std::io::stdin()
        .lock()
        .take(limit)
        .read_to_end(&mut bytes)
        .is_err()
    {
        return std::process::ExitCode::from(REFUSED as u8);
    }
    let (code, out) = match cica_import::pdf::read(&bytes) {
        Ok(text) => (0, text),
        Err(e) => (REFUSED, e.to_string()),
    };
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return std::process::ExitCode::FAILURE;
    }
    std::process::ExitCode::from(code as u8)
}
