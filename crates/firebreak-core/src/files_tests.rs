//! Exports refuse to overwrite the open database (and its WAL, shared memory and journal)
//! or a registered evidence file, by any name that reaches them.

use crate::catalog::IncidentType;
use crate::investigation::{evidence, NewEvidence};
use crate::notify::contacts;
use crate::testing::with_incident;
use crate::timeline::{self, ExportFormat, ExportOptions};
use crate::{Error, Result};

fn io(source: std::io::Error) -> Error {
    Error::Io {
        context: "test".into(),
        source,
    }
}

fn refused(result: Result<impl std::fmt::Debug>, says: &str) {
    match result {
        Err(Error::Validation { field, message }) => {
            assert_eq!(field, "path");
            assert!(message.contains(says), "{message}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn exports_refuse_the_open_database_and_evidence_files() -> Result<()> {
    let f = with_incident(IncidentType::Ransomware, "x")?;
    let db = f.store.path().to_path_buf();
    let before = std::fs::read(&db).map_err(io)?;
    let with = |suffix: &str| {
        let mut p = db.clone().into_os_string();
        p.push(suffix);
        std::path::PathBuf::from(p)
    };
    for target in [db.clone(), with("-wal"), with("-shm"), with("-journal")] {
        refused(
            contacts::export(&f.store, &target),
            "the open Firebreak database",
        );
    }
    // Another name for the same file: a symlink, and a path through `..`.
    let link = f.dir.path().join("innocent.csv");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&db, &link).map_err(io)?;
        refused(
            contacts::export(&f.store, &link),
            "the open Firebreak database",
        );
    }
    if let (Some(dir), Some(name)) = (db.parent(), db.file_name()) {
        let dotted = dir.join("sub").join("..").join(name);
        std::fs::create_dir_all(dir.join("sub")).map_err(io)?;
        let options = ExportOptions::default();
        refused(
            timeline::export(
                &f.store,
                f.incident,
                ExportFormat::Html,
                &dotted,
                &options,
                &mut |_| {},
            ),
            "the open Firebreak database",
        );
    }
    assert_eq!(
        std::fs::read(&db).map_err(io)?,
        before,
        "the database was not touched"
    );

    let image = f.dir.path().join("FS-01.E01");
    std::fs::write(&image, b"disk image").map_err(io)?;
    let input = NewEvidence {
        label: "Disk image FS-01".into(),
        path: Some(image.display().to_string()),
        ..NewEvidence::default()
    };
    evidence::add(&f.store, f.incident, input, "dana", &mut |_| {})?;
    refused(
        contacts::export(&f.store, &image),
        "evidence \"Disk image FS-01\"",
    );
    assert_eq!(std::fs::read(&image).map_err(io)?, b"disk image");

    // Any other file is fine.
    contacts::export(&f.store, &f.dir.path().join("people.csv"))?;
    Ok(())
}
