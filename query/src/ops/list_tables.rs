//! ListTables: names in order, paged by Limit (1-100) and ExclusiveStartTableName.

use crate::api::{ListTablesRequest, ListTablesResponse};
use crate::Result;

use super::shape::Shape;
use super::Inner;

const MAX_LIMIT: i64 = 100;

pub fn run(db: &Inner, req: ListTablesRequest) -> Result<ListTablesResponse> {
    let mut s = Shape::new();
    s.name(
        req.exclusive_start_table_name.as_deref(),
        "exclusiveStartTableName",
        3,
        false,
    );
    s.at_least(req.limit, "limit", 1);
    s.at_most(req.limit, "limit", MAX_LIMIT);
    s.finish()?;
    let limit = req.limit.unwrap_or(MAX_LIMIT) as usize;
    let start = req.exclusive_start_table_name.as_deref();
    let names: Vec<String> = db
        .catalog
        .tables()
        .into_iter()
        .map(|t| t.meta.name.clone())
        .filter(|n| start.is_none_or(|s| n.as_str() > s))
        .collect();
    let more = names.len() > limit;
    let page: Vec<String> = names.into_iter().take(limit).collect();
    let last = if more { page.last().cloned() } else { None };
    Ok(ListTablesResponse {
        table_names: page,
        last_evaluated_table_name: last,
    })
}
