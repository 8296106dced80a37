//! `letopis archive --verify` on hostile copies: a zip entry that unpacks to far more
//! than the memory verify may use is checked piece by piece, and a link in an unpacked
//! copy (even one to `/dev/zero`, which never ends) is reported, never followed.

mod support;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::{BOOK_EN, Run, TestEdition, chapter};

/// Longer than verify takes on any copy here; a run that takes longer is hanging.
const HANG: Duration = Duration::from_secs(60);

/// Runs `command` to its end, or kills it and fails the test after [`HANG`].
#[track_caller]
fn run_or_kill(mut command: Command) -> Run {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run letopis");
    let started = Instant::now();
    while child.try_wait().expect("wait for letopis").is_none() {
        if started.elapsed() > HANG {
            child.kill().expect("kill letopis");
            panic!("letopis ran for more than {HANG:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("read what letopis printed");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `letopis archive --verify PATH`.
fn verify_command(path: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_letopis"));
    command.args(["archive", "--verify"]).arg(path);
    command
}

#[cfg(unix)]
#[test]
fn verify_reports_a_link_in_an_unpacked_copy_as_not_a_regular_file() {
    let edition =
        TestEdition::new(BOOK_EN).file("content/chapters/01-one.md", &chapter("One", "Text.\n"));
    let zip_path = edition.root().join("edition.zip");
    let mut command = Command::new(env!("CARGO_BIN_EXE_letopis"));
    command
        .args(["archive", "--out"])
        .arg(&zip_path)
        .arg("--root")
        .arg(edition.root())
        .env("SOURCE_DATE_EPOCH", "1751328000");
    Run::of(command).assert_success();
    let into = edition.root().join("unpacked");
    support::unzip(&zip_path, &into);
    let top = fs::read_dir(&into).unwrap().next().unwrap().unwrap().path();
    std::os::unix::fs::symlink("/dev/zero", top.join("zero.html")).unwrap();
    let run = run_or_kill(verify_command(&top));
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let lines: Vec<_> = run.stdout.lines().collect();
    assert_eq!(lines[0], "extra: zero.html (not a regular file)");
    assert!(
        lines[1].ends_with(": 0 altered, 0 missing, 1 extra"),
        "{}",
        run.stdout
    );
    assert_eq!(lines.len(), 2, "{}", run.stdout);
}

/// `ulimit -v`, which the memory test needs, is Linux's.
#[cfg(target_os = "linux")]
mod memory {
    use super::*;
    use sha2::{Digest, Sha256};
    use std::io::Write;

    /// How much the zip entry unpacks to.
    const BIG_ENTRY: usize = 64 << 20;

    /// How much address space verify may use: about twice what it needs, and less than
    /// the entry, so that reading the entry whole cannot fit.
    const MEMORY_LIMIT_KIB: usize = 48 << 10;

    #[test]
    fn verify_checks_an_entry_larger_than_the_memory_it_may_use() {
        let tmp = tempfile::tempdir().unwrap();
        let zip_path = tmp.path().join("bomb.zip");
        write_zip_with_big_entry(&zip_path);
        // `ulimit -v` bounds the address space of verify alone, not of this test.
        let mut command = Command::new("/bin/sh");
        command
            .arg("-c")
            .arg(format!(
                "ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" archive --verify \"$1\""
            ))
            .arg(env!("CARGO_BIN_EXE_letopis"))
            .arg(&zip_path);
        let run = run_or_kill(command);
        run.assert_success();
        assert_eq!(run.stdout, "all 1 file listed in MANIFEST.sha256 match\n");
    }

    /// A zip as `letopis archive` lays it out, whose one page is [`BIG_ENTRY`] zero bytes
    /// (well under a megabyte deflated), listed with its true checksum.
    fn write_zip_with_big_entry(zip_path: &Path) {
        let zeros = vec![0u8; 1 << 20];
        let mut digest = Sha256::new();
        for _ in 0..BIG_ENTRY / zeros.len() {
            digest.update(&zeros);
        }
        let hex: String = digest
            .finalize()
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect();
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1));
        let mut zip = zip::ZipWriter::new(fs::File::create(zip_path).unwrap());
        zip.start_file("edition/MANIFEST.sha256", options).unwrap();
        writeln!(zip, "{hex}  zeros.bin").unwrap();
        zip.start_file("edition/zeros.bin", options).unwrap();
        for _ in 0..BIG_ENTRY / zeros.len() {
            zip.write_all(&zeros).unwrap();
        }
        zip.finish().unwrap();
    }
}
