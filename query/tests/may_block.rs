//! `Database::may_block`: what an async server must move off its workers.

use dynakv::Database;

const READS: &[&str] = &[
    "GetItem",
    "BatchGetItem",
    "Query",
    "Scan",
    "TransactGetItems",
    "DescribeTable",
    "ListTables",
];
const WRITES: &[&str] = &[
    "PutItem",
    "UpdateItem",
    "DeleteItem",
    "BatchWriteItem",
    "TransactWriteItems",
    "CreateTable",
    "DeleteTable",
];

#[test]
fn nothing_blocks_in_memory() {
    let db = Database::in_memory().unwrap();
    for op in READS.iter().chain(WRITES) {
        assert!(!db.may_block(op), "{op}");
    }
}

#[test]
fn only_writes_block_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let db = Database::open(dir.path()).unwrap();
    for op in READS {
        assert!(!db.may_block(op), "{op}");
    }
    for op in WRITES {
        assert!(db.may_block(op), "{op}");
    }
    // An unknown name is answered with an error, but assume the worst of it.
    assert!(db.may_block("NoSuchOperation"));
}
