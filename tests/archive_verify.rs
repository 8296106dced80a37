//! `letopis archive --verify` on hostile copies: a zip entry that unpacks to far more
//! than the memory verify may use is checked piece by piece, a link in an unpacked
//! copy (even one to `/dev/zero`, which never ends) is reported, never followed, and
//! zips crafted byte by byte to fool a check (duplicate names, hidden local entries,
//! overlapping data, links, unsafe paths, forged names) are each reported.

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

/// Issue 7, item 3: zips crafted byte by byte, each hiding an altered page from a
/// check that trusts the zip's own directory.
mod crafted {
    use super::*;
    use sha2::{Digest, Sha256};

    /// The page every crafted zip is meant to hold, and its defaced copy.
    const PAGE: &[u8] = b"<h1>The edition</h1>";
    const DEFACED: &[u8] = b"<h1>Defaced</h1>";

    fn sha256_hex(bytes: &[u8]) -> String {
        Sha256::digest(bytes)
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }

    /// The manifest that lists `ed/index.html` as [`PAGE`].
    fn manifest() -> Vec<u8> {
        format!("{}  index.html\n", sha256_hex(PAGE)).into_bytes()
    }

    /// A zip written by hand: local entries, then a central directory that lists
    /// whatever the test says, however it contradicts the local entries.
    #[derive(Default)]
    struct RawZip {
        bytes: Vec<u8>,
        central: Vec<u8>,
        count: u16,
    }

    /// What a central record says of an entry.
    struct Listed<'a> {
        name: &'a [u8],
        at: u32,
        data: &'a [u8],
        method: u16,
        unix_mode: u32,
        size: u32,
    }

    impl<'a> Listed<'a> {
        /// A stored regular file with the true size of `data`.
        fn file(name: &'a str, at: u32, data: &'a [u8]) -> Self {
            Self {
                name: name.as_bytes(),
                at,
                data,
                method: 0,
                unix_mode: 0o100_644,
                size: data.len() as u32,
            }
        }
    }

    impl RawZip {
        /// Writes a stored local entry; returns where it starts.
        fn local(&mut self, name: &str, data: &[u8], method: u16) -> u32 {
            let at = self.bytes.len() as u32;
            let mut header = b"PK\x03\x04\x14\x00\x00\x00".to_vec();
            header.extend(method.to_le_bytes());
            header.extend([0; 4]); // time and date
            header.extend(crc(data).to_le_bytes());
            header.extend((data.len() as u32).to_le_bytes());
            header.extend((data.len() as u32).to_le_bytes());
            header.extend((name.len() as u16).to_le_bytes());
            header.extend(0u16.to_le_bytes());
            self.bytes.extend(header);
            self.bytes.extend(name.as_bytes());
            self.bytes.extend(data);
            at
        }

        /// A local entry listed as it is.
        fn entry(&mut self, name: &str, data: &[u8]) {
            let at = self.local(name, data, 0);
            self.list(&Listed::file(name, at, data));
        }

        /// Adds a central record.
        fn list(&mut self, listed: &Listed<'_>) {
            let mut record = b"PK\x01\x02\x14\x03\x14\x00\x00\x00".to_vec();
            record.extend(listed.method.to_le_bytes());
            record.extend([0; 4]);
            record.extend(crc(listed.data).to_le_bytes());
            record.extend((listed.data.len() as u32).to_le_bytes());
            record.extend(listed.size.to_le_bytes());
            record.extend((listed.name.len() as u16).to_le_bytes());
            record.extend([0; 8]); // extra and comment length, disk, internal attributes
            record.extend((listed.unix_mode << 16).to_le_bytes());
            record.extend(listed.at.to_le_bytes());
            self.central.extend(record);
            self.central.extend(listed.name);
            self.count += 1;
        }

        /// Writes the zip into a fresh folder.
        fn write(mut self) -> (tempfile::TempDir, std::path::PathBuf) {
            let start = self.bytes.len() as u32;
            let size = self.central.len() as u32;
            self.bytes.extend(&self.central);
            self.bytes.extend(b"PK\x05\x06\0\0\0\0");
            self.bytes.extend(self.count.to_le_bytes());
            self.bytes.extend(self.count.to_le_bytes());
            self.bytes.extend(size.to_le_bytes());
            self.bytes.extend(start.to_le_bytes());
            self.bytes.extend([0, 0]);
            let tmp = tempfile::tempdir().unwrap();
            let path = tmp.path().join("crafted.zip");
            fs::write(&path, &self.bytes).unwrap();
            (tmp, path)
        }
    }

    fn crc(data: &[u8]) -> u32 {
        let mut crc = flate2::Crc::new();
        crc.update(data);
        crc.sum()
    }

    /// Verifies the zip and returns what it printed, after checking that it failed
    /// and that the zip was not changed.
    #[track_caller]
    fn verify_fails(path: &Path) -> String {
        let before = fs::read(path).unwrap();
        let run = run_or_kill(verify_command(path));
        assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
        assert_eq!(fs::read(path).unwrap(), before, "verify changed the zip");
        run.stdout
    }

    #[test]
    fn two_entries_of_one_name_are_a_problem_and_the_defaced_one_is_altered() {
        let mut zip = RawZip::default();
        zip.entry("ed/index.html", DEFACED);
        zip.entry("ed/index.html", PAGE);
        zip.entry("ed/MANIFEST.sha256", &manifest());
        let (_tmp, path) = zip.write();
        assert_eq!(
            verify_fails(&path),
            "altered: index.html\n\
             problem: ed/index.html: 2 entries have this name\n\
             checked 1 file listed in MANIFEST.sha256: 1 altered, 0 missing, 0 extra; \
             1 problem with the zip itself\n"
        );
    }

    #[test]
    fn a_local_entry_missing_from_the_central_directory_is_a_problem() {
        let mut zip = RawZip::default();
        zip.local("ed/index.html", DEFACED, 0);
        zip.entry("ed/index.html", PAGE);
        zip.entry("ed/MANIFEST.sha256", &manifest());
        let (_tmp, path) = zip.write();
        assert_eq!(
            verify_fails(&path),
            "problem: ed/index.html: a local entry at byte 0 that the central directory \
             does not list\n\
             checked 1 file listed in MANIFEST.sha256: 0 altered, 0 missing, 0 extra; \
             1 problem with the zip itself\n"
        );
    }

    #[test]
    fn overlapping_entries_are_a_problem_and_are_not_unpacked() {
        let mut zip = RawZip::default();
        let at = zip.local("ed/index.html", PAGE, 0);
        zip.list(&Listed::file("ed/index.html", at, PAGE));
        zip.list(&Listed::file("ed/copy.html", at, PAGE));
        zip.entry("ed/MANIFEST.sha256", &manifest());
        let (_tmp, path) = zip.write();
        assert_eq!(
            verify_fails(&path),
            "altered: index.html\n\
             extra: copy.html\n\
             problem: ed/copy.html: its local header names it ed/index.html\n\
             problem: ed/index.html and ed/copy.html: their data overlap\n\
             checked 1 file listed in MANIFEST.sha256: 1 altered, 0 missing, 1 extra; \
             2 problems with the zip itself\n"
        );
    }

    #[test]
    fn links_unsafe_paths_unsupported_methods_and_impossible_sizes_are_problems() {
        let mut zip = RawZip::default();
        let at = zip.local("ed/index.html", PAGE, 0);
        zip.list(&Listed {
            unix_mode: 0o120_777,
            ..Listed::file("ed/index.html", at, PAGE)
        });
        zip.entry("/etc/cron.d/x", b"x");
        zip.entry("ed/../../x", b"x");
        let at = zip.local("ed/packed.bin", b"BZh9", 12);
        zip.list(&Listed {
            method: 12,
            ..Listed::file("ed/packed.bin", at, b"BZh9")
        });
        let at = zip.local("ed/bomb.bin", b"tiny", 0);
        zip.list(&Listed {
            size: u32::MAX - 1,
            ..Listed::file("ed/bomb.bin", at, b"tiny")
        });
        zip.entry("ed/MANIFEST.sha256", &manifest());
        let (_tmp, path) = zip.write();
        assert_eq!(
            verify_fails(&path),
            "altered: index.html\n\
             extra: ../../x\n\
             extra: /etc/cron.d/x\n\
             extra: bomb.bin\n\
             extra: packed.bin\n\
             problem: ed/index.html: a symbolic link\n\
             problem: /etc/cron.d/x: an absolute path or one with `..`, which would unpack \
             outside the folder\n\
             problem: ed/../../x: an absolute path or one with `..`, which would unpack \
             outside the folder\n\
             problem: ed/packed.bin: compression method 12 is not supported (only stored and \
             deflated)\n\
             problem: ed/bomb.bin: claims to unpack 4 bytes to 4294967294, more than the \
             method can give\n\
             checked 1 file listed in MANIFEST.sha256: 1 altered, 0 missing, 4 extra; \
             5 problems with the zip itself\n"
        );
    }

    #[test]
    fn names_with_control_characters_are_printed_escaped() {
        let mut zip = RawZip::default();
        zip.entry("ed/index.html", PAGE);
        zip.entry("ed/\u{1b}[2J\u{1b}[Hall files match.html", b"x");
        zip.entry("ed/MANIFEST.sha256", &manifest());
        let (_tmp, path) = zip.write();
        assert_eq!(
            verify_fails(&path),
            "extra: \\u{1b}[2J\\u{1b}[Hall files match.html\n\
             checked 1 file listed in MANIFEST.sha256: 0 altered, 0 missing, 1 extra\n"
        );
    }
}
