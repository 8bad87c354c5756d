//! Embeds every `.toml` file under the repository's `data/` folder, and every image under its
//! `media/` folders, into the crate, so the binary carries the built-in dataset and a fresh
//! installation needs no files beside it.

use std::path::{Path, PathBuf};
use std::{env, fs};

fn collect(dir: &Path, out: &mut Vec<PathBuf>, media: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out, media);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        } else if dir.file_name().is_some_and(|d| d == "media") {
            media.push(path);
        }
    }
}

/// Writes `head = &[(path under data/, include!(file)), ...];` for `files`.
fn list(code: &mut String, data: &Path, head: &str, include: &str, files: &[PathBuf]) {
    code.push_str(head);
    code.push_str(" = &[\n");
    for f in files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f
            .strip_prefix(data)
            .expect("under data/")
            .to_string_lossy()
            .replace('\\', "/");
        code.push_str(&format!(
            "    ({rel:?}, {include}!({:?})),\n",
            f.display().to_string()
        ));
    }
    code.push_str("];\n");
}

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let data = manifest
        .join("../../data")
        .canonicalize()
        .expect("the data folder exists");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={}", data.display());
    let mut files = Vec::new();
    let mut media = Vec::new();
    collect(&data, &mut files, &mut media);
    files.sort();
    media.sort();
    let mut code = String::new();
    list(
        &mut code,
        &data,
        "/// The built-in dataset: (path under data/, contents).\npub static FILES: &[(&str, &str)]",
        "include_str",
        &files,
    );
    list(
        &mut code,
        &data,
        "/// The built-in images: (path under data/, bytes).\npub static MEDIA: &[(&str, &[u8])]",
        "include_bytes",
        &media,
    );
    let out = PathBuf::from(env::var("OUT_DIR").expect("set by cargo")).join("builtin.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
