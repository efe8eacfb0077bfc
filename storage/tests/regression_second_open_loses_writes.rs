//! Regression: nothing stopped a second `Db::open` of a directory that was already open. Both
//! instances wrote their own journal segments and manifests over each other, and after a
//! reopen half of the acknowledged writes were gone (seen: 100 of 200). A directory must be
//! opened by one instance at a time (as a `dynakv` server started twice on one data directory
//! would do): the second open must fail while the first is alive, and succeed after it closed.

mod common;

use common::{fail, scan_all, small_options, TestResult};
use dynakv_storage::{Db, WriteBatch};

#[test]
fn second_open_of_an_open_directory_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    {
        let first = Db::open(dir.path(), small_options())?;
        let ks = first.create_keyspace("t")?;
        let mut batch = WriteBatch::new();
        batch.put(&ks, b"k", b"v");
        first.write(batch)?;
        if Db::open(dir.path(), small_options()).is_ok() {
            return fail("a second instance opened a directory that is in use");
        }
    }
    let again = Db::open(dir.path(), small_options())?;
    let ks = again.keyspace("t").ok_or("keyspace lost")?;
    if scan_all(&again.snapshot(), &ks)?.len() != 1 {
        return fail("the write of the first instance is lost");
    }
    Ok(())
}
