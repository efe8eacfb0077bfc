//! Request values as DynamoDB echoes them in some constraint messages: the Java `toString` of
//! its request model, e.g. `{t=[WriteRequest(putRequest=PutRequest(item={pk=AttributeValue(s=a,
//! n=null, ...)}, workloadProfileName=null), deleteRequest=null)]}`.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::api::WriteRequest;
use crate::value::{AttributeValue, Item};

/// BatchWriteItem's RequestItems map.
pub fn write_requests(requests: &BTreeMap<String, Vec<WriteRequest>>) -> String {
    let tables: Vec<String> = requests
        .iter()
        .map(|(name, list)| {
            let writes: Vec<String> = list.iter().map(write_request).collect();
            format!("{name}={}", list_of(writes))
        })
        .collect();
    format!("{{{}}}", tables.join(", "))
}

fn write_request(w: &WriteRequest) -> String {
    let put = w.put_request.as_ref().map(|p| {
        format!(
            "PutRequest(item={}, workloadProfileName=null)",
            optional_item(p.item.as_ref())
        )
    });
    let delete = w
        .delete_request
        .as_ref()
        .map(|d| format!("DeleteRequest(key={})", optional_item(d.key.as_ref())));
    format!(
        "WriteRequest(putRequest={}, deleteRequest={})",
        put.as_deref().unwrap_or("null"),
        delete.as_deref().unwrap_or("null")
    )
}

fn optional_item(item: Option<&Item>) -> String {
    item.map_or_else(|| "null".to_string(), item_map)
}

fn item_map(item: &Item) -> String {
    let members: Vec<String> = item
        .iter()
        .map(|(k, v)| format!("{k}={}", value(v)))
        .collect();
    format!("{{{}}}", members.join(", "))
}

fn list_of(parts: Vec<String>) -> String {
    format!("[{}]", parts.join(", "))
}

fn bytes(b: &[u8]) -> String {
    let mut hex = String::with_capacity(2 * b.len());
    for byte in b {
        // Writing to a String cannot fail.
        let _ = write!(hex, "{byte:02x}");
    }
    format!("SdkBytes(bytes=0x{hex})")
}

/// An AttributeValue with every member named, the one set and the rest `null`.
fn value(v: &AttributeValue) -> String {
    let (member, text) = match v {
        AttributeValue::S(s) => ("s", s.clone()),
        AttributeValue::N(n) => ("n", n.to_string()),
        AttributeValue::B(b) => ("b", bytes(b)),
        AttributeValue::Ss(set) => ("sS", list_of(set.iter().cloned().collect())),
        AttributeValue::Ns(set) => ("nS", list_of(set.iter().map(|n| n.to_string()).collect())),
        AttributeValue::Bs(set) => ("bS", list_of(set.iter().map(|b| bytes(b)).collect())),
        AttributeValue::M(m) => ("m", item_map(m)),
        AttributeValue::L(l) => ("l", list_of(l.iter().map(value).collect())),
        AttributeValue::Null => ("nULL", "true".to_string()),
        AttributeValue::Bool(b) => ("bOOL", b.to_string()),
    };
    const MEMBERS: [&str; 16] = [
        "s",
        "n",
        "b",
        "iNT",
        "dECIMAL",
        "dOUBLE",
        "sS",
        "nS",
        "bS",
        "iNTSET",
        "dECIMALSET",
        "dOUBLESET",
        "m",
        "l",
        "nULL",
        "bOOL",
    ];
    let fields: Vec<String> = MEMBERS
        .iter()
        .map(|m| {
            let shown = if *m == member { text.as_str() } else { "null" };
            format!("{m}={shown}")
        })
        .collect();
    format!("AttributeValue({})", fields.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{DeleteRequest, PutRequest};

    #[test]
    fn renders_as_dynamodb_echoes_a_write_request() {
        let item: Item = [("pk".to_string(), AttributeValue::S("bw-0".into()))].into();
        let mut requests = BTreeMap::new();
        requests.insert(
            "t".to_string(),
            vec![
                WriteRequest {
                    put_request: Some(PutRequest {
                        item: Some(item.clone()),
                    }),
                    delete_request: None,
                },
                WriteRequest {
                    put_request: None,
                    delete_request: Some(DeleteRequest { key: Some(item) }),
                },
            ],
        );
        let scalar = "AttributeValue(s=bw-0, n=null, b=null, iNT=null, dECIMAL=null, dOUBLE=null, \
            sS=null, nS=null, bS=null, iNTSET=null, dECIMALSET=null, dOUBLESET=null, m=null, \
            l=null, nULL=null, bOOL=null)";
        assert_eq!(
            write_requests(&requests),
            format!(
                "{{t=[WriteRequest(putRequest=PutRequest(item={{pk={scalar}}}, \
                 workloadProfileName=null), deleteRequest=null), \
                 WriteRequest(putRequest=null, deleteRequest=DeleteRequest(key={{pk={scalar}}}))]}}"
            )
        );
    }

    #[test]
    fn nested_values_and_binaries() {
        let v = AttributeValue::L(vec![AttributeValue::B(vec![0, 255]), AttributeValue::Null]);
        let text = value(&v);
        assert!(text.starts_with("AttributeValue(s=null"), "{text}");
        assert!(text.contains("l=[AttributeValue(s=null, n=null, b=SdkBytes(bytes=0x00ff)"));
        assert!(text.contains("nULL=true, bOOL=null)]"), "{text}");
    }
}
