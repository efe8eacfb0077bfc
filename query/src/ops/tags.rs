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
    let name = table_of(
        db,
        req.resource_arn.as_deref().unwrap_or_default(),
        "TagResource",
    )?;
    let new_tags = req.tags.unwrap_or_default();
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
                "One or more parameter values were invalid: The number of tags exceeds the limit of 50",
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
    let name = table_of(
        db,
        req.resource_arn.as_deref().unwrap_or_default(),
        "UntagResource",
    )?;
    let keys = req.tag_keys.unwrap_or_default();
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
    let name = table_of(
        db,
        req.resource_arn.as_deref().unwrap_or_default(),
        "ListTagsOfResource",
    )?;
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

/// The name of the existing table `arn` designates. An ARN of another account's table or of no
/// table at all is refused as IAM refuses it (the resource policy that would allow `op` does not
/// exist), not as ResourceNotFoundException: that is what DynamoDB answers today.
fn table_of(db: &Inner, arn: &str, op: &str) -> Result<String> {
    let prefix = format!("arn:aws:dynamodb:{}:", db.region);
    let (account, name) = arn
        .strip_prefix(&prefix)
        .and_then(|rest| rest.split_once(":table/"))
        .filter(|(_, name)| !name.is_empty() && !name.contains('/'))
        .ok_or_else(|| {
            Error::validation(format!(
                "Invalid TableArn: Invalid ResourceArn provided as input {arn}"
            ))
        })?;
    if account != ACCOUNT || db.catalog.get(name).is_none() {
        return Err(Error::AccessDenied(format!(
            "User: arn:aws:iam::{ACCOUNT}:root is not authorized to perform: dynamodb:{op} on \
             resource: {arn}"
        )));
    }
    Ok(name.to_string())
}
