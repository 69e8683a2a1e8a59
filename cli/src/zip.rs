//! Zipping a directory deterministically with core's writer ([`cloudfn_core::zip`]): files in byte order
//! of their relative paths, fixed timestamps. The same directory always gives the same bytes, whatever the
//! file system's order or the files' modification times.

use std::fs;
use std::path::{Path, PathBuf};

use cloudfn_core::zip::{Entry, zip_entries};
use cloudfn_core::{Error, ErrorKind, Result};

fn io_error(path: &Path, e: &std::io::Error) -> Error {
    Error::new(
        ErrorKind::InvalidArgument,
        format!("--dir: cannot read `{}`: {e}", path.display()),
    )
}

/// Zips every regular file under `dir` (recursively; symbolic links are followed, directories
/// themselves are not stored). Fails when `dir` is not a directory or holds no file.
pub fn zip_dir(dir: &Path) -> Result<Vec<u8>> {
    let meta = fs::metadata(dir).map_err(|e| io_error(dir, &e))?;
    if !meta.is_dir() {
        return Err(Error::new(
            ErrorKind::InvalidArgument,
            format!("--dir: `{}` is not a directory", dir.display()),
        ));
    }
    let mut entries = Vec::new();
    let mut stack: Vec<(PathBuf, String)> = vec![(dir.to_path_buf(), String::new())];
    while let Some((path, prefix)) = stack.pop() {
        let rd = fs::read_dir(&path).map_err(|e| io_error(&path, &e))?;
        for item in rd {
            let item = item.map_err(|e| io_error(&path, &e))?;
            let child = item.path();
            let name = item.file_name().to_string_lossy().into_owned();
            let rel = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            };
            let m = fs::metadata(&child).map_err(|e| io_error(&child, &e))?;
            if m.is_dir() {
                stack.push((child, rel));
            } else if m.is_file() {
                let data = fs::read(&child).map_err(|e| io_error(&child, &e))?;
                entries.push(if is_executable(&m) {
                    Entry::executable(rel, data)
                } else {
                    Entry::file(rel, data)
                });
            }
        }
    }
    if entries.is_empty() {
        return Err(Error::new(
            ErrorKind::InvalidArgument,
            format!("--dir: `{}` holds no file to deploy", dir.display()),
        ));
    }
    zip_entries(&entries)
}

#[cfg(unix)]
fn is_executable(m: &fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    m.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_: &fs::Metadata) -> bool {
    false
}
