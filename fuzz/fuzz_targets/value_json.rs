#![no_main]
//! JSON -> AttributeValue/Item: never panics; whatever parses serializes to JSON that parses
//! back to the same value, and its error converts to a DynamoDB error of a known kind.

use dynakv::value::error_from_json;
use dynakv::{AttributeValue, Error, Item};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    match serde_json::from_slice::<AttributeValue>(data) {
        Ok(value) => {
            let json = serde_json::to_vec(&value).expect("values serialize");
            let again: AttributeValue = serde_json::from_slice(&json).expect("own output parses");
            assert_eq!(again, value);
        }
        Err(e) => assert!(matches!(
            error_from_json(e),
            Error::Validation(_) | Error::Serialization(_)
        )),
    }
    if let Ok(item) = serde_json::from_slice::<Item>(data) {
        let bytes = dynakv::codec::encode(&item);
        assert_eq!(
            dynakv::codec::decode(&bytes).expect("own encoding decodes"),
            item
        );
        let _ = dynakv::size::item_size(&item);
    }
});
