//! Every committed fuzz corpus file (`fuzz/corpus/<target>/`), findings included, through
//! the same checks the fuzz targets run (`scout::fuzzing`): CI runs the regression corpus
//! as ordinary tests, the fuzzers themselves only by hand.

use std::path::Path;

#[test]
fn every_corpus_file_passes_its_targets_checks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut replayed = 0;
    for (name, check) in scout::fuzzing::TARGETS {
        let dir = root.join(name);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("a corpus entry").path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{name}: an empty corpus");
        for f in files {
            let bytes = std::fs::read(&f).expect("a corpus file");
            let run = std::panic::catch_unwind(|| check(&bytes));
            assert!(run.is_ok(), "{name}: {} fails its checks", f.display());
            replayed += 1;
        }
    }
    assert!(replayed > 20, "{replayed} files");
}
