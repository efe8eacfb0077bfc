//! TagResource, UntagResource and ListTagsOfResource: tags live in the table's definition.

use crate::api::{
    ListTagsOfResourceRequest, ListTagsOfResourceResponse, Tag, TagResourceRequest,
    UntagResourceRequest,
};
use crate::catalog::Table;
use crate::{Error, Result};

use super::shape::Shape;
use super::Inner;

/// Most tags one resource may carry.
const MAX_TAGS: usize = 50;
/// The one account this database serves; its ARNs carry this id.
const ACCOUNT: &str = "000000000000";

pub fn tag(db: &Inner, req: TagResourceRequest) -> Result<serde_json::Value> {
    let mut s = Shape::new();
    arn_shape(&mut s, req.resource_arn.as_deref());
    s.not_null(&req.tags, "tags");
    for (i, t) in req.tags.iter().flatten().enumerate() {
        let m = format!("tags.{}.member", i + 1);
        s.length(
            t.key.chars().count(),
            &format!("'{}'", t.key),
            &format!("{m}.key"),
            1,
            128,
        );
        s.length(
            t.value.chars().count(),
            &format!("'{}'", t.value),
            &format!("{m}.value"),
            0,
            256,
        );
    }
    s.finish()?;
    let arn = req.resource_arn.as_deref().unwrap_or_default();
    let table = table_name_in(db, arn)?;
    let new_tags = req.tags.unwrap_or_default();
    if new_tags.is_empty() {
        return Err(Error::validation(
            "Atleast one Tag needs to be provided as Input.",
        ));
    }
    check_tags(&new_tags)?;
    let name = existing(db, arn, table, "TagResource")?;
    db.catalog.update(&name, |meta| {
        let mut meta = meta.clone();
        for t in new_tags {
            match meta.tags.iter_mut().find(|old| old.key == t.key) {
                Some(old) => old.value = t.value,
                None => meta.tags.push(t),
            }
        }
        if meta.tags.len() > MAX_TAGS {
            return Err(Error::validation(
                "Number of Tags exceed the current limit for the provided ResourceArn",
            ));
        }
        Ok(meta)
    })?;
    Ok(serde_json::json!({}))
}

pub fn untag(db: &Inner, req: UntagResourceRequest) -> Result<serde_json::Value> {
    let mut s = Shape::new();
    arn_shape(&mut s, req.resource_arn.as_deref());
    s.not_null(&req.tag_keys, "tagKeys");
    s.finish()?;
    let arn = req.resource_arn.as_deref().unwrap_or_default();
    let table = table_name_in(db, arn)?;
    let keys = req.tag_keys.unwrap_or_default();
    if keys.is_empty() {
        return Err(Error::validation(
            "Atleast one Tag Key needs to be provided as Input.",
        ));
    }
    let name = existing(db, arn, table, "UntagResource")?;
    db.catalog.update(&name, |meta| {
        let mut meta = meta.clone();
        meta.tags.retain(|t| !keys.contains(&t.key));
        Ok(meta)
    })?;
    Ok(serde_json::json!({}))
}

pub fn list(db: &Inner, req: ListTagsOfResourceRequest) -> Result<ListTagsOfResourceResponse> {
    let mut s = Shape::new();
    arn_shape(&mut s, req.resource_arn.as_deref());
    s.finish()?;
    let arn = req.resource_arn.as_deref().unwrap_or_default();
    let table = table_name_in(db, arn)?;
    let name = existing(db, arn, table, "ListTagsOfResource")?;
    let table: std::sync::Arc<Table> = db.catalog.require_named(&name)?;
    let tags: Vec<Tag> = table.meta.tags.clone();
    Ok(ListTagsOfResourceResponse { tags })
}

fn arn_shape(s: &mut Shape, arn: Option<&str>) {
    match arn {
        None => s.push("null", "resourceArn", "Member must not be null"),
        Some(a) => s.length(a.chars().count(), &format!("'{a}'"), "resourceArn", 1, 1283),
    }
}

fn invalid(message: String) -> Error {
    Error::validation(format!(
        "One or more parameter values were invalid: {message}"
    ))
}

/// The table name an ARN of this database's region designates, with DynamoDB's errors for what
/// is not a table ARN.
fn table_name_in<'a>(db: &Inner, arn: &'a str) -> Result<&'a str> {
    let Some(rest) = arn.strip_prefix("arn:") else {
        return Err(invalid(format!("ARNs must start with 'arn:': {arn}")));
    };
    let mut parts = rest.splitn(5, ':');
    let (_partition, service, region, _account, resource) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next().unwrap_or_default(),
    );
    if service != Some("dynamodb") {
        return Err(invalid(format!(
            "Provided Arn is not a DynamoDB resource arn: {arn}"
        )));
    }
    let Some(name) = resource.strip_prefix("table/") else {
        return Err(invalid_table_arn(arn));
    };
    if name.contains('/') {
        return Err(invalid(format!(
            "Invalid resource arn provided, only table or stream is accepted. Provided resource \
             arn: {arn}"
        )));
    }
    if region != Some(db.region.as_str()) || name.len() < 3 {
        return Err(invalid_table_arn(arn));
    }
    Ok(name)
}

fn invalid_table_arn(arn: &str) -> Error {
    Error::validation(format!(
        "Invalid TableArn: Invalid ResourceArn provided as input {arn}"
    ))
}

/// The table `arn` names, if it is this account's and exists. Otherwise the call is refused as
/// IAM refuses it (no resource policy allows `op`), not as ResourceNotFoundException: that is
/// what DynamoDB answers today.
fn existing(db: &Inner, arn: &str, name: &str, op: &str) -> Result<String> {
    let account = arn.split(':').nth(4).unwrap_or_default();
    if account != ACCOUNT || db.catalog.get(name).is_none() {
        return Err(Error::AccessDenied(format!(
            "User: arn:aws:iam::{ACCOUNT}:root is not authorized to perform: dynamodb:{op} on \
             resource: {arn}"
        )));
    }
    Ok(name.to_string())
}

/// Tag keys and values as DynamoDB accepts them (TagResource and CreateTable).
pub fn check_tags(tags: &[Tag]) -> Result<()> {
    let allowed = |text: &str| {
        text.chars()
            .all(|c| c.is_alphanumeric() || c.is_whitespace() || "_.:/=+-@".contains(c))
    };
    for (i, t) in tags.iter().enumerate() {
        if t.key.is_empty() || t.key.chars().count() > 128 || !allowed(&t.key) {
            return Err(Error::validation(format!(
                "The Tag Key provided is invalid, Key: {}",
                t.key
            )));
        }
        if t.value.chars().count() > 256 || !allowed(&t.value) {
            return Err(Error::validation(format!(
                "The Tag Value provided is invalid, Value: {}",
                t.value
            )));
        }
        if t.key.starts_with("aws:") {
            return Err(Error::validation(format!(
                "Tag Key cannot be prefixed with aws:, Key: {}",
                t.key
            )));
        }
        if tags[..i].iter().any(|u| u.key == t.key) {
            return Err(Error::validation(format!(
                "Duplicate Tag Keys provided as input: Duplicate Tag Key found {}",
                t.key
            )));
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(Error::validation(
            "Number of Tags exceed the current limit for the provided ResourceArn",
        ));
    }
    Ok(())
}
