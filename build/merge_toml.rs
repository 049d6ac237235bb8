//! Reads a folder of TOML files as one document, in file-name order: tables (`[lists]`,
//! `[category.x]`) are merged key by key, arrays of tables (`[[rule]]`) are joined. Shared
//! by `build.rs`, which embeds the result, and the tests that lint it.

use std::{fs, path::Path};

/// The merged document, or what is wrong: a file that is not TOML, a key defined twice.
pub fn merge_toml_folder(dir: &Path) -> Result<toml::Table, String> {
    let mut paths: Vec<_> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let mut merged = toml::Table::new();
    for path in &paths {
        let name = path.display();
        let text = fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
        let table: toml::Table =
            toml::from_str(&text).map_err(|e| format!("{name} is not valid TOML: {e}"))?;
        merge(&mut merged, table, &name.to_string())?;
    }
    Ok(merged)
}

fn merge(into: &mut toml::Table, from: toml::Table, file: &str) -> Result<(), String> {
    for (key, value) in from {
        match (into.get_mut(&key), value) {
            (None, value) => {
                into.insert(key, value);
            }
            (Some(toml::Value::Array(list)), toml::Value::Array(more)) => list.extend(more),
            (Some(toml::Value::Table(table)), toml::Value::Table(more)) => {
                merge(table, more, file)?
            }
            _ => return Err(format!("{file}: {key} is defined in two files")),
        }
    }
    Ok(())
}
