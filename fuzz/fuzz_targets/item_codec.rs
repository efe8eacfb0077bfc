#![no_main]
//! Stored bytes -> Item: never panics, and anything accepted re-encodes to the same bytes
//! (the decoder accepts only canonical encodings).

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(item) = dynakv::codec::decode(data) {
        assert_eq!(dynakv::codec::encode(&item), data);
    }
});
