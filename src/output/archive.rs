//! `letopis archive`: the site packed into a zip for keeping, with a manifest to check it by.
//!
//! An archived copy must open from `file://` decades from now and prove that it has not
//! changed, so the zip holds one top folder with the pages (all but `404.html`, which
//! only a web host uses), a `README.txt` for the person who finds it, and a
//! `MANIFEST.sha256` that plain `sha256sum -c` can check.
//! The same site and date give the same bytes: entries are sorted, every entry carries
//! the source date, fixed permissions and a fixed compression level. Every folder has
//! its own entry (so unpacking sets its date and permissions too), placed before the
//! files inside it.
//!
//! [`verify`] reads either the zip or an unpacked copy and compares it with its manifest.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::ffi::OsStr;
use std::fmt;
use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::time::UNIX_EPOCH;

use anyhow::{Context, bail};
use walkdir::WalkDir;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

mod structure;

use super::case_clash::check_case_clashes;
use super::hash::{sha256_hex, sha256_of};
use super::leftovers::{
    ARCHIVE_PAGES_SUFFIX, ARCHIVE_PREFIX, ARCHIVE_SUFFIX, remove_leftover_archives,
};
use super::lock::lock_folder;
use super::survey::escape;
use super::write::resolve;
use crate::load::is_editor_litter;
use crate::render::Copy;
use crate::site::{Page, PagePath};
use std::sync::Mutex;

/// The checksum list inside the top folder, in `sha256sum` format.
pub const MANIFEST: &str = "MANIFEST.sha256";

/// The note for a person who unpacks the archive.
pub const README: &str = "README.txt";

/// The environment variable of the reproducible-builds convention.
pub const SOURCE_DATE_EPOCH: &str = "SOURCE_DATE_EPOCH";

/// Pages that only a web host uses, left out of the archive. A host serves `404.html`
/// for a missing URL at any depth, so its links are absolute under the published base
/// path; opened from an unpacked archive it would show unstyled, with broken links.
const HOST_ONLY: [&str; 1] = [crate::render::links::paths::NOT_FOUND];

/// The deflate level, fixed so that the same input always compresses to the same bytes;
/// the highest, since an archive is made once and kept long.
const DEFLATE_LEVEL: i64 = 9;

/// What the archive says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveMeta {
    /// The one top folder inside the zip, e.g. `plenum-1936`.
    pub folder: String,
    /// The edition's title, the first line of `README.txt`.
    pub title: String,
    /// The date every entry carries and `README.txt` names.
    pub date: SourceDate,
}

/// The moment an edition's sources were last changed, in seconds since 1970-01-01 UTC.
///
/// Archives carry this instead of the time of the build, so that building the same
/// sources twice gives the same bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceDate {
    /// Seconds since 1970-01-01 00:00:00 UTC.
    pub epoch_seconds: i64,
}

impl SourceDate {
    /// The date as `YYYY-MM-DD`, in UTC.
    pub fn iso_date(self) -> String {
        let (year, month, day) = civil_from_days(self.epoch_seconds.div_euclid(86_400));
        format!("{year:04}-{month:02}-{day:02}")
    }

    /// The date in the zip format, which counts from 1980 to 2107 in two-second steps,
    /// clamped to that range. Zip times have no zone; we store UTC.
    fn zip_time(self) -> anyhow::Result<zip::DateTime> {
        const FIRST: i64 = 315_532_800; // 1980-01-01 00:00:00
        const LAST: i64 = 4_354_819_198; // 2107-12-31 23:59:58
        let seconds = self.epoch_seconds.clamp(FIRST, LAST);
        let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
        let time = seconds.rem_euclid(86_400);
        let [hour, minute, second] = [time / 3600, time / 60 % 60, time % 60].map(|n| n as u8);
        zip::DateTime::from_date_and_time(year as u16, month as u8, day as u8, hour, minute, second)
            .with_context(|| format!("converting {} to a zip date", self.iso_date()))
    }
}

/// The year, month and day of a day counted from 1970-01-01, in the proleptic
/// Gregorian calendar (Howard Hinnant's `civil_from_days`, which needs no table).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let shifted = days + 719_468; // days from 0000-03-01, so that leap days end a year
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The source date: `SOURCE_DATE_EPOCH` when it is set and not empty, else the newest
/// modification time of the files that shape the output.
///
/// Those are `inputs`, each a file or a folder: the caller passes `book.toml`, the
/// content folder and the theme folder in use, since a changed setting or template
/// changes the pages as much as a changed chapter. Files in a folder count at any depth,
/// but links are not followed, and hidden files, backups and editors' swap files (names
/// starting with `.`, ending in `~` or `.swp`, or `4913`) are skipped, as loading skips
/// them: an operating system's `.DS_Store` must not change the archive's date.
pub fn source_date(inputs: &[impl AsRef<Path>]) -> anyhow::Result<SourceDate> {
    source_date_from(std::env::var_os(SOURCE_DATE_EPOCH).as_deref(), inputs)
}

/// [`source_date`] with the variable's value passed in, so tests need not touch the
/// process-wide environment.
fn source_date_from(
    env: Option<&OsStr>,
    inputs: &[impl AsRef<Path>],
) -> anyhow::Result<SourceDate> {
    match env {
        Some(value) if !value.is_empty() => parse_epoch(value),
        _ => newest_modification(inputs),
    }
}

/// Reads a `SOURCE_DATE_EPOCH` value: whole seconds, digits only, as the convention says.
fn parse_epoch(value: &OsStr) -> anyhow::Result<SourceDate> {
    value
        .to_str()
        .filter(|text| text.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|text| text.parse().ok())
        .map(|epoch_seconds| SourceDate { epoch_seconds })
        .with_context(|| {
            format!(
                "invalid {SOURCE_DATE_EPOCH} {value:?}: expected whole seconds since \
                 1970-01-01 UTC, such as 1700000000; fix it or unset it"
            )
        })
}

/// The newest modification time of any file in `inputs`, as [`source_date`] says.
fn newest_modification(inputs: &[impl AsRef<Path>]) -> anyhow::Result<SourceDate> {
    let mut newest = None;
    let entries = inputs.iter().map(AsRef::as_ref).flat_map(|input| {
        WalkDir::new(input)
            .into_iter()
            .map(move |entry| entry.with_context(|| format!("reading {}", input.display())))
    });
    for entry in entries {
        let entry = entry?;
        if !entry.file_type().is_file() || is_editor_litter(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let modified = entry
            .metadata()
            .map_err(io::Error::from)
            .and_then(|meta| meta.modified())
            .with_context(|| {
                format!(
                    "reading the modification time of {}",
                    entry.path().display()
                )
            })?;
        let seconds = match modified.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
            Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
        };
        newest = newest.max(Some(seconds));
    }
    newest
        .map(|epoch_seconds| SourceDate { epoch_seconds })
        .with_context(|| {
            let shown: Vec<_> = inputs
                .iter()
                .map(|input| input.as_ref().display().to_string())
                .collect();
            format!(
                "no files in {} to take the archive's date from; set {SOURCE_DATE_EPOCH}",
                shown.join(", ")
            )
        })
}

/// Refuses a zip path inside the content or the themes folder, where the next build
/// would read the archive as part of the edition (and date the next archive by it), or
/// inside the output folder, which the next build replaces as a whole, deleting the
/// archive. [`write_archive`] knows none of these folders, so the caller
/// (`cmd/archive.rs`) calls this first.
pub fn check_archive_path(
    zip_path: &Path,
    content_dir: &Path,
    themes_dir: &Path,
    output_dir: &Path,
) -> anyhow::Result<()> {
    let zip = resolve(zip_path)?;
    let folders = [
        (content_dir, "content", "would read it as content"),
        (themes_dir, "themes", "would read it as part of the theme"),
        (
            output_dir,
            "output",
            "replaces it and would delete the archive",
        ),
    ];
    for (folder, name, consequence) in folders {
        let folder = resolve(folder)?;
        if zip.starts_with(&folder) {
            bail!(
                "refusing to write the archive to {}: it lies inside the {name} folder {}, so \
                 the next build {consequence}; choose a path outside it",
                zip_path.display(),
                folder.display()
            );
        }
    }
    Ok(())
}

/// Writes the pages that `render` hands to its `StagedPages` and the static files
/// `copies` as a zip to `zip_path`, every entry under `meta.folder/`, with `README.txt`
/// and `MANIFEST.sha256`.
///
/// The zip lists its entries sorted by name, the manifest (which comes first) needs
/// every file's checksum, and pages are rendered in parallel in no fixed order, so no
/// page can go into the zip as it is rendered. Instead each page is written at once to a
/// temporary folder beside the zip, and only its checksum kept; the zip is then written
/// in order from that folder, and the static files from the edition, read piece by
/// piece (as `build` copies them). An edition of any size costs the memory of the
/// pages being rendered, not of the whole site, and the disk of one more output until
/// the zip is done.
///
/// The zip is written to a temporary file beside `zip_path` and renamed into place, so a
/// failure leaves no half-written zip and any previous one untouched; temporary files
/// and folders that killed runs left there are removed first. An existing file that is
/// not an archive made by letopis is never replaced, and a site with two paths that
/// differ only in case is refused. Call [`check_archive_path`] first.
///
/// Returns how many of the site's files the archive holds: all but the pages only a
/// web host uses (`404.html`).
pub fn write_archive(
    copies: &[Copy],
    meta: &ArchiveMeta,
    zip_path: &Path,
    render: impl FnOnce(&StagedPages) -> anyhow::Result<()>,
) -> anyhow::Result<usize> {
    if meta.folder.contains('/') || PagePath::new(meta.folder.as_str()).is_none() {
        bail!(
            "cannot use {:?} as the archive's top folder: it must be one plain folder name, \
             such as plenum-1936",
            meta.folder
        );
    }
    check_replaceable(zip_path)?;
    let parent = match zip_path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    let _lock = lock_folder(parent)?;
    remove_leftover_archives(parent);
    let staged = StagedPages::new(parent)?;
    let written = render(&staged);
    let pages = staged.finish(written)?;
    let files = archive_files(&pages, copies, meta)?;
    check_case_clashes(files.keys().copied())?;
    let entries = zip_entries(&meta.folder, &files)?;
    write_atomically(parent, zip_path, |file| {
        write_zip(file, &entries, meta.date)
    })?;
    Ok(files.len() - [README, MANIFEST].len())
}

/// The pages of an archive being made, each written to a temporary folder as soon as
/// it is rendered (see [`write_archive`]): the folder, and each page's path, file in
/// the folder and checksum. Files in the folder are numbered, not named after their
/// page, so that no folder need be made and a page's path is checked as a zip entry's
/// name, with the others, before anything is packed.
pub struct StagedPages {
    folder: tempfile::TempDir,
    pages: Mutex<Vec<StagedPage>>,
}

/// A page written to the temporary folder of an archive.
struct StagedPage {
    path: PagePath,
    file: std::path::PathBuf,
    sha256: String,
}

impl StagedPages {
    /// A new temporary folder in `parent` (the zip's folder), removed on an interrupt.
    fn new(parent: &Path) -> anyhow::Result<Self> {
        let folder = tempfile::Builder::new()
            .prefix(ARCHIVE_PREFIX)
            .suffix(ARCHIVE_PAGES_SUFFIX)
            .tempdir_in(parent)
            .with_context(|| format!("creating a temporary folder in {}", parent.display()))?;
        super::interrupt::register(folder.path());
        Ok(Self {
            folder,
            pages: Mutex::new(Vec::new()),
        })
    }

    /// Writes one page to the folder, unless only a web host uses it (`404.html`).
    pub fn write(&self, page: &Page) -> anyhow::Result<()> {
        if HOST_ONLY.contains(&page.path.as_str()) {
            return Ok(());
        }
        let sha256 = sha256_hex(&page.bytes);
        let mut pages = self
            .pages
            .lock()
            .map_err(|_| anyhow::anyhow!("a thread writing the archive failed"))?;
        let file = self.folder.path().join(pages.len().to_string());
        pages.push(StagedPage {
            path: page.path.clone(),
            file: file.clone(),
            sha256,
        });
        drop(pages);
        fs::write(&file, &page.bytes)
            .with_context(|| format!("writing {} to {}", page.path, file.display()))
    }

    /// The pages written, once `written` (what rendering returned) says all were; the
    /// folder stays until they are packed, and goes when they are dropped.
    fn finish(self, written: anyhow::Result<()>) -> anyhow::Result<Staged> {
        let finished = written.and_then(|()| {
            self.pages
                .into_inner()
                .map_err(|_| anyhow::anyhow!("a thread writing the archive failed"))
        });
        super::interrupt::forget(self.folder.path());
        Ok(Staged {
            pages: finished?,
            _folder: self.folder,
        })
    }
}

/// The pages of an archive, written and ready to be packed.
struct Staged {
    pages: Vec<StagedPage>,
    /// Removed when the pages are packed (or packing failed).
    _folder: tempfile::TempDir,
}

/// Refuses to replace anything at `zip_path` but an archive letopis made: a zip with
/// a top folder holding the manifest. The default path is named after the edition,
/// so an editor's own zip of scans may well lie there.
fn check_replaceable(zip_path: &Path) -> anyhow::Result<()> {
    let meta = match fs::metadata(zip_path) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        read => read.with_context(|| format!("reading {}", zip_path.display()))?,
    };
    let ours = meta.is_file()
        && File::open(zip_path)
            .ok()
            .and_then(|file| ZipArchive::new(BufReader::new(file)).ok())
            .is_some_and(|zip| manifest_folder(zip.file_names(), zip_path).is_ok());
    if !ours {
        bail!(
            "refusing to replace {}: it exists and is not an archive made by letopis; move it \
             or choose another --out",
            zip_path.display()
        );
    }
    Ok(())
}

/// Every file of the archive by path inside the top folder: the pages, the static
/// files, the README and the manifest (which lists all the others).
type Files<'a> = BTreeMap<&'a str, Content<'a>>;

/// What a file of the archive holds.
enum Content<'a> {
    /// Bytes in memory: the README, the manifest.
    Bytes(Cow<'a, [u8]>),
    /// A static file, read from disk only while it is hashed and while it is zipped.
    File(&'a Path),
    /// A rendered page in the temporary folder, with its checksum, read only while it
    /// is zipped.
    Staged(&'a StagedPage),
}

impl Content<'_> {
    /// The SHA-256 of the content, read piece by piece from a file.
    fn sha256(&self) -> anyhow::Result<String> {
        match self {
            Self::Bytes(bytes) => Ok(sha256_hex(bytes)),
            Self::Staged(page) => Ok(page.sha256.clone()),
            Self::File(path) => {
                sha256_of(open(path)?).with_context(|| format!("reading {}", path.display()))
            }
        }
    }
}

/// Opens a static file to be read.
fn open(path: &Path) -> anyhow::Result<File> {
    File::open(path).with_context(|| format!("reading {}", path.display()))
}

/// Collects the archive's files and computes the manifest over them.
fn archive_files<'a>(
    staged: &'a Staged,
    copies: &'a [Copy],
    meta: &ArchiveMeta,
) -> anyhow::Result<Files<'a>> {
    let pages = (staged.pages.iter()).map(|page| (page.path.as_str(), Content::Staged(page)));
    let statics = copies
        .iter()
        .map(|copy| (copy.path.as_str(), Content::File(copy.source.as_path())));
    let mut files = Files::new();
    for (path, content) in pages.chain(statics) {
        if files.insert(path, content).is_some() {
            bail!("the site has two files at {path}");
        }
    }
    for name in [README, MANIFEST] {
        if files.contains_key(name) {
            bail!("the site has a page named {name}, a name the archive keeps for its own file");
        }
    }
    // `sha256sum` escapes such names, which `sha256sum -c` then reads back differently.
    if let Some(path) = files.keys().find(|path| path.contains(['\n', '\r'])) {
        bail!("cannot list {path:?} in {MANIFEST}: a file name there cannot hold a line break");
    }
    let readme = readme(meta);
    files.insert(README, Content::Bytes(Cow::Owned(readme.into_bytes())));
    let mut manifest = String::new();
    for (path, content) in &files {
        manifest.push_str(&format!("{}  {path}\n", content.sha256()?));
    }
    files.insert(MANIFEST, Content::Bytes(Cow::Owned(manifest.into_bytes())));
    Ok(files)
}

/// The README: what this is, how to open it, how to check it, what made it.
fn readme(meta: &ArchiveMeta) -> String {
    let version = env!("CARGO_PKG_VERSION");
    format!(
        "{title}\n\
         Offline copy of the edition. Build date: {date} (the date of its sources, so that\n\
         the same sources always give the same archive).\n\
         \n\
         To read it: open index.html in any web browser; no network or server is needed.\n\
         \n\
         To check that no file has changed: inside this folder, run\n\
         \x20   sha256sum -c {MANIFEST}\n\
         or, where letopis is installed, run\n\
         \x20   letopis archive --verify <this folder or the zip file>\n\
         Both compare every file with the SHA-256 checksums listed in {MANIFEST}.\n\
         \n\
         Made by letopis {version}.\n",
        title = meta.title,
        date = meta.date.iso_date(),
    )
}

/// Zip entry names in the order written, each with its content, or `None` for a folder.
/// A folder's name ends in `/`, so it sorts before everything inside it.
type Entries<'a> = BTreeMap<String, Option<&'a Content<'a>>>;

/// The entries: the top folder, every folder that holds a file, and every file.
fn zip_entries<'a>(top: &str, files: &'a Files<'_>) -> anyhow::Result<Entries<'a>> {
    let mut entries = BTreeMap::from([(format!("{top}/"), None)]);
    for (path, content) in files {
        for (end, _) in path.match_indices('/') {
            let folder = &path[..end];
            if files.contains_key(folder) {
                bail!("the site has a file {folder} and also files inside a folder {folder}/");
            }
            entries.insert(format!("{top}/{folder}/"), None);
        }
        entries.insert(format!("{top}/{path}"), Some(content));
    }
    Ok(entries)
}

/// Writes the entries as a zip into `file`, each with the same date and fixed permissions.
fn write_zip(file: &File, entries: &Entries<'_>, date: SourceDate) -> anyhow::Result<()> {
    let base = SimpleFileOptions::default().last_modified_time(date.zip_time()?);
    let folder_options = base.unix_permissions(0o755);
    let file_options = base
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(DEFLATE_LEVEL))
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(BufWriter::new(file));
    for (name, content) in entries {
        let added = match content {
            None => zip
                .add_directory(name.as_str(), folder_options)
                .map_err(Into::into),
            Some(Content::Bytes(bytes)) => zip
                .start_file(name.as_str(), file_options)
                .and_then(|()| Ok(zip.write_all(bytes)?))
                .map_err(Into::into),
            Some(Content::File(path)) => add_file(&mut zip, name, path, file_options),
            Some(Content::Staged(page)) => add_file(&mut zip, name, &page.file, file_options),
        };
        added.with_context(|| format!("adding {name}"))?;
    }
    let buffer = zip.finish().context("finishing the zip")?;
    buffer
        .into_inner()
        .map_err(io::IntoInnerError::into_error)?;
    Ok(())
}

/// Adds the file at `path` to `zip` as `name`, read piece by piece.
fn add_file(
    zip: &mut ZipWriter<BufWriter<&File>>,
    name: &str,
    path: &Path,
    options: SimpleFileOptions,
) -> anyhow::Result<()> {
    let mut source = open(path)?;
    // Past 4 GiB a zip entry needs the ZIP64 fields; smaller ones stay as they were.
    let large = source.metadata()?.len() >= u64::from(u32::MAX);
    zip.start_file(name, options.large_file(large))?;
    io::copy(&mut source, zip).with_context(|| format!("reading {}", path.display()))?;
    Ok(())
}

/// Runs `write` on a temporary file in `parent`, the folder of `zip_path` (which the
/// caller holds locked), then renames it to `zip_path`.
fn write_atomically(
    parent: &Path,
    zip_path: &Path,
    write: impl FnOnce(&File) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let temporary = tempfile::Builder::new()
        .prefix(ARCHIVE_PREFIX)
        .suffix(ARCHIVE_SUFFIX)
        .tempfile_in(parent)
        .with_context(|| format!("creating a temporary file in {}", parent.display()))?;
    let path = temporary.path().to_path_buf();
    super::interrupt::register(&path);
    let written = write_temporary(temporary, write, zip_path);
    super::interrupt::forget(&path);
    written
}

/// Fills the temporary archive, then moves it to `zip_path`.
fn write_temporary(
    temporary: tempfile::NamedTempFile,
    write: impl FnOnce(&File) -> anyhow::Result<()>,
    zip_path: &Path,
) -> anyhow::Result<()> {
    write(temporary.as_file())
        .with_context(|| format!("writing {}", temporary.path().display()))?;
    let file = temporary.as_file();
    make_readable(file)
        .with_context(|| format!("setting permissions of {}", temporary.path().display()))?;
    file.sync_all()
        .with_context(|| format!("saving {} to disk", temporary.path().display()))?;
    temporary
        .persist(zip_path)
        .map_err(|err| err.error)
        .with_context(|| format!("moving the archive into place at {}", zip_path.display()))?;
    Ok(())
}

/// Gives the archive the usual file permissions: temporary files start as owner-only.
#[cfg(unix)]
fn make_readable(file: &File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(0o644))
}

/// Other systems do not create temporary files owner-only.
#[cfg(not(unix))]
fn make_readable(_file: &File) -> io::Result<()> {
    Ok(())
}

/// What [`verify`] found: every file listed in the manifest that differs or is gone,
/// and every file that the manifest does not list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifyReport {
    /// How many files the manifest lists.
    pub checked: usize,
    /// Listed files whose contents differ from their checksum (or cannot be unpacked).
    pub altered: Vec<String>,
    /// Listed files that are not there.
    pub missing: Vec<String>,
    /// Files that are there but not listed.
    pub extra: Vec<String>,
    /// What is wrong with the zip itself (duplicate names, overlapping or unlisted
    /// entries, links, unsafe paths, unsupported methods), one sentence each, names
    /// already escaped.
    pub problems: Vec<String>,
}

impl VerifyReport {
    /// Whether every listed file is there, unchanged, nothing else is, and the zip
    /// holds nothing that an unzip tool could read otherwise.
    pub fn is_ok(&self) -> bool {
        self.altered.is_empty()
            && self.missing.is_empty()
            && self.extra.is_empty()
            && self.problems.is_empty()
    }
}

impl fmt::Display for VerifyReport {
    /// One line per problem, then a summary line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let problems = [
            ("altered", &self.altered),
            ("missing", &self.missing),
            ("extra", &self.extra),
        ];
        for (label, paths) in problems {
            for path in paths {
                writeln!(f, "{label}: {}", escape(path))?;
            }
        }
        for problem in &self.problems {
            writeln!(f, "problem: {problem}")?;
        }
        let files = if self.checked == 1 { "file" } else { "files" };
        if self.is_ok() {
            return write!(f, "all {} {files} listed in {MANIFEST} match", self.checked);
        }
        write!(
            f,
            "checked {} {files} listed in {MANIFEST}: {} altered, {} missing, {} extra",
            self.checked,
            self.altered.len(),
            self.missing.len(),
            self.extra.len()
        )?;
        match self.problems.len() {
            0 => Ok(()),
            1 => write!(f, "; 1 problem with the zip itself"),
            n => write!(f, "; {n} problems with the zip itself"),
        }
    }
}

/// Checks a zip made by [`write_archive`], or an unpacked copy (the folder that holds
/// `MANIFEST.sha256`), against its manifest.
///
/// Problems with the files go in the report; a missing or malformed manifest, or a
/// file that cannot be read, is an error.
pub fn verify(path: &Path) -> anyhow::Result<VerifyReport> {
    let meta = fs::metadata(path).with_context(|| format!("reading {}", path.display()))?;
    if meta.is_dir() {
        let contents = read_folder(path)?;
        let listed = parse_manifest(&contents.manifest, path)?;
        return Ok(compare(&listed, contents));
    }
    read_zip(path)
}

/// An archived copy as found: the manifest's text and a checksum for every other file.
#[derive(Default)]
struct Contents {
    manifest: String,
    /// Path inside the top folder → checksum, `None` when the zip entry is damaged.
    files: BTreeMap<String, Option<String>>,
    /// What is extra whatever the manifest lists: zip entries outside the top folder, by
    /// their full name, and whatever in a folder is not a regular file, as
    /// `PATH (not a regular file)`.
    extra: Vec<String>,
    /// What is wrong with a zip's structure.
    problems: Vec<String>,
}

/// The largest manifest [`verify`] reads: far beyond any edition's list of files, yet
/// a bound, since a damaged or hostile copy could hold a manifest of any size.
const MANIFEST_LIMIT: u64 = 64 << 20;

/// Reads an unpacked copy: the folder holding the manifest, and every file under it.
///
/// Links and other special files are never read but reported as extra: a link could
/// point anywhere, even at `/dev/zero`, which has no end.
fn read_folder(dir: &Path) -> anyhow::Result<Contents> {
    let mut contents = Contents {
        manifest: read_folder_manifest(dir)?,
        ..Contents::default()
    };
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let parts: Vec<_> = relative.iter().map(OsStr::to_string_lossy).collect();
        let name = parts.join("/");
        let kind = entry.file_type();
        if kind.is_dir() || name == MANIFEST {
            continue;
        }
        if !kind.is_file() {
            contents.extra.push(format!("{name} (not a regular file)"));
            continue;
        }
        let digest = File::open(entry.path())
            .and_then(sha256_of)
            .with_context(|| format!("reading {}", entry.path().display()))?;
        contents.files.insert(name, Some(digest));
    }
    Ok(contents)
}

/// The text of the manifest in `dir`, which must be a regular file, not a link.
fn read_folder_manifest(dir: &Path) -> anyhow::Result<String> {
    let path = dir.join(MANIFEST);
    let meta = match fs::symlink_metadata(&path) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => bail!(
            "no {MANIFEST} in {}: give the folder that holds it (the top folder of an unpacked archive)",
            dir.display()
        ),
        read => read.with_context(|| format!("reading {}", path.display()))?,
    };
    if !meta.is_file() {
        bail!("{} is not a regular file", path.display());
    }
    File::open(&path)
        .and_then(read_manifest)
        .with_context(|| format!("reading {}", path.display()))
}

/// Reads a manifest's text, refusing one larger than [`MANIFEST_LIMIT`].
fn read_manifest(reader: impl Read) -> io::Result<String> {
    let mut text = String::new();
    reader.take(MANIFEST_LIMIT + 1).read_to_string(&mut text)?;
    if text.len() as u64 > MANIFEST_LIMIT {
        let message = format!("larger than {} MiB", MANIFEST_LIMIT >> 20);
        return Err(io::Error::new(io::ErrorKind::InvalidData, message));
    }
    Ok(text)
}

/// Checks a zip: its structure first ([`structure`]), then the manifest, then every
/// entry the manifest lists, unpacked piece by piece and never past its declared size.
/// Entries the manifest does not list are reported as extra without being unpacked.
fn read_zip(path: &Path) -> anyhow::Result<VerifyReport> {
    let reading = || format!("reading {}", path.display());
    let mut file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let layout = structure::read_layout(&mut file).with_context(reading)?;
    let top = manifest_folder(layout.entries.iter().map(|e| e.name.as_str()), path)?;
    let manifest_name = format!("{top}{MANIFEST}");
    let manifest = layout
        .entries
        .iter()
        .find(|entry| entry.name == manifest_name && entry.readable)
        .with_context(|| format!("{manifest_name} in {} cannot be read", path.display()))?;
    let text = manifest
        .open(&file)
        .and_then(read_manifest)
        .with_context(|| format!("reading {manifest_name} in {}", path.display()))?;
    let listed = parse_manifest(&text, path)?;
    let wanted: HashSet<&str> = listed.iter().map(|(path, _)| path.as_str()).collect();
    let mut contents = Contents {
        problems: layout.problems.clone(),
        ..Contents::default()
    };
    for entry in layout.entries.iter().filter(|entry| !entry.is_folder()) {
        let Some(inner) = entry.name.strip_prefix(&top) else {
            contents.extra.push(entry.name.clone());
            continue;
        };
        if inner == MANIFEST {
            continue;
        }
        let digest = if entry.readable && wanted.contains(inner) {
            entry_digest(entry, &file)
        } else {
            None
        };
        // Two entries of one name: any copy that differs makes the file altered.
        let first = contents
            .files
            .entry(inner.to_owned())
            .or_insert(digest.clone());
        if *first != digest {
            *first = None;
        }
    }
    Ok(compare(&listed, contents))
}

/// The checksum of an entry's unpacked bytes, `None` when they cannot be unpacked or
/// their length is not the one declared.
fn entry_digest(entry: &structure::Entry, file: &File) -> Option<String> {
    let mut counted = Counted {
        inner: entry.open(file).ok()?,
        count: 0,
    };
    let digest = sha256_of(&mut counted).ok()?;
    (counted.count == entry.size()).then_some(digest)
}

/// Counts the bytes read through it.
struct Counted<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buffer)?;
        self.count += read as u64;
        Ok(read)
    }
}

/// The top folder (with its `/`) that holds the zip's manifest, among the entry `names`.
fn manifest_folder<'a>(
    names: impl Iterator<Item = &'a str>,
    path: &Path,
) -> anyhow::Result<String> {
    let mut tops: Vec<&str> = names
        .filter_map(|name| name.strip_suffix(MANIFEST))
        .filter(|top| top.ends_with('/') && top.matches('/').count() == 1)
        .collect();
    // A manifest listed twice is one of the zip's problems, reported with the others.
    tops.dedup();
    match tops.as_slice() {
        [top] => Ok((*top).to_owned()),
        [] => bail!(
            "no {MANIFEST} in {}: it was not made by letopis archive, or it was repacked",
            path.display()
        ),
        _ => bail!(
            "{} has more than one top folder with a {MANIFEST}",
            path.display()
        ),
    }
}

/// Reads the manifest: one `<sha256>  <path>` line per file, as `sha256sum` writes it
/// (` *` before the path is accepted too). Paths must stay inside the copy.
fn parse_manifest(text: &str, source: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let mut listed = Vec::new();
    let mut seen = HashSet::new();
    for (index, line) in text.lines().enumerate() {
        let at = format!("{MANIFEST} in {}, line {}", source.display(), index + 1);
        let Some((path, digest)) = parse_manifest_line(line) else {
            bail!("{at}: expected `<64 hex digits>  <path>`, found {line:?}");
        };
        if !seen.insert(path.clone()) {
            bail!("{at}: {path} is listed a second time");
        }
        listed.push((path, digest));
    }
    Ok(listed)
}

/// One manifest line as (path, lower-case digest), or `None` if it is malformed.
fn parse_manifest_line(line: &str) -> Option<(String, String)> {
    let (digest, rest) = line.split_at_checked(64)?;
    let path = rest
        .strip_prefix("  ")
        .or_else(|| rest.strip_prefix(" *"))?;
    let valid = digest.bytes().all(|b| b.is_ascii_hexdigit()) && PagePath::new(path).is_some();
    valid.then(|| (path.to_owned(), digest.to_ascii_lowercase()))
}

/// Compares what the manifest lists with what is there.
fn compare(listed: &[(String, String)], contents: Contents) -> VerifyReport {
    let mut files = contents.files;
    let mut report = VerifyReport {
        checked: listed.len(),
        ..VerifyReport::default()
    };
    for (path, expected) in listed {
        match files.remove(path) {
            None => report.missing.push(path.clone()),
            Some(actual) if actual.as_ref() != Some(expected) => report.altered.push(path.clone()),
            Some(_) => {}
        }
    }
    report.extra = files.into_keys().chain(contents.extra).collect();
    report.problems = contents.problems;
    report.altered.sort();
    report.missing.sort();
    report.extra.sort();
    report
}

#[cfg(test)]
mod tests;
