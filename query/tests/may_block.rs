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
fn in_memory_only_update_table_blocks() {
    let db = Database::in_memory().unwrap();
    for op in READS.iter().chain(WRITES) {
        assert!(!db.may_block(op), "{op}");
    }
    // A new global index is backfilled from the whole table before UpdateTable returns.
    assert!(db.may_block("UpdateTable"));
}

#[test]
fn only_writes_block_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let db = Database::open(dir.path()).unwrap();
    for op in READS {
        assert!(!db.may_block(op), "{op}");
    }
    for op in WRITES.iter().chain(&["UpdateTable"]) {
        assert!(db.may_block(op), "{op}");
    }
    // An unknown name is answered with an error, but assume the worst of it.
    assert!(db.may_block("NoSuchOperation"));
}
