#![no_main]
//! SST decoding: arbitrary bytes as a data block and as a whole table file.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    dynakv_storage::fuzzing::sst(data);
});
