//! Query: one partition, optionally narrowed by the sort key, read forward or backward.

use crate::api::{QueryRequest, ReadResponse};
use crate::capacity::{Report, REPORT_VALUES};
use crate::expr::{
    check_filter_keys, key_condition, KeyAttribute, KeyCondition, KeySchema, SortCondition,
};
use crate::keys::{self, KeyBuilder, KeyRange};
use crate::value::Item;
use crate::{Error, Result};

use super::context::{table, table_name_shape};
use super::page::{read_page, PagePlan};
use super::read_common::{check_limit, expr_type, read_expressions, QueryKey, ReadParams};
use super::select;
use super::shape::Shape;
use super::target::Target;
use super::Inner;

pub fn run(db: &Inner, req: QueryRequest) -> Result<ReadResponse> {
    check_shape(&req)?;
    let name = req.table_name.as_deref().unwrap_or_default();
    let exprs = read_expressions(ReadParams {
        query: Some(QueryKey {
            expression: req.key_condition_expression.as_deref(),
            conditions: req.key_conditions.as_ref(),
        }),
        filter_expression: req.filter_expression.as_deref(),
        projection_expression: req.projection_expression.as_deref(),
        names: req.expression_attribute_names.as_ref(),
        values: req.expression_attribute_values.as_ref(),
        attributes_to_get: req.attributes_to_get.as_ref(),
        legacy_filter: req.query_filter.as_ref(),
        conditional_operator: req.conditional_operator.as_deref(),
        select: req.select.as_deref(),
        on_index: req.index_name.is_some(),
    })?;
    let key_cond = exprs
        .key_condition
        .ok_or_else(|| Error::Internal("query without key condition".into()))?;
    let table = table(db, name)?;
    let target = Target::resolve(&table, req.index_name.as_deref())?;
    let consistent = req.consistent_read.unwrap_or(false);
    target.check_consistent(consistent)?;
    let fetch_base = target.fetch_base(req.select.as_deref(), exprs.projection.is_some())?;
    let (hash, sort) = target.key_schema();
    let schema = KeySchema {
        partition: KeyAttribute {
            name: &hash.name,
            kind: expr_type(hash.ty),
        },
        sort: sort.map(|r| KeyAttribute {
            name: &r.name,
            kind: expr_type(r.ty),
        }),
    };
    let cond = key_condition(&key_cond, &schema)?;
    if let Some(filter) = &exprs.filter {
        check_filter_keys(filter, &schema)?;
    }
    let reverse = !req.scan_index_forward.unwrap_or(true);
    let partition = KeyBuilder::partition(&cond.partition)?;
    let start = match &req.exclusive_start_key {
        Some(esk) => {
            let start = target.start(esk)?;
            check_within(esk, &cond, &schema)?;
            Some(start)
        }
        None => None,
    };
    let mut range = KeyRange::query(&partition, cond.sort.map(sort_condition).as_ref())?;
    if let Some(start) = &start {
        range.resume_after(start, reverse);
    }
    read_page(
        db,
        PagePlan {
            target: &target,
            fetch_base,
            range,
            reverse,
            limit: req.limit.map(|l| l as usize),
            filter: exprs.filter.as_ref(),
            projection: exprs.projection.as_ref(),
            count_only: exprs.count_only,
            consistent,
            report: Report::parse(req.return_consumed_capacity.as_deref()),
        },
    )
}

/// Member constraints, all reported together in one ValidationException.
fn check_shape(req: &QueryRequest) -> Result<()> {
    // An unknown ConditionalOperator comes first, alone and bare, in the newer enum wording
    // (recorded in eu-west-2 and us-east-1, 2026-10).
    if req
        .conditional_operator
        .as_deref()
        .is_some_and(|op| op != "AND" && op != "OR")
    {
        return Err(Error::validation(
            "Failed to satisfy constraint: Member must satisfy enum value set: [ALL, OR]",
        ));
    }
    let mut s = Shape::new();
    table_name_shape(&mut s, req.table_name.as_deref(), "tableName");
    s.name(req.index_name.as_deref(), "indexName", 3, false);
    select::check_shape(&mut s, req.select.as_deref());
    check_limit(&mut s, req.limit);
    s.one_of(
        req.return_consumed_capacity.as_deref(),
        "returnConsumedCapacity",
        REPORT_VALUES,
    );
    s.finish()
}

/// An ExclusiveStartKey (already checked against the key schema) must lie in the range the key
/// condition selects: a LastEvaluatedKey always does, being a key the condition matched.
fn check_within(esk: &Item, cond: &KeyCondition, schema: &KeySchema) -> Result<()> {
    let same_partition = SortCondition::Eq(cond.partition.clone());
    let in_partition = esk
        .get(schema.partition.name)
        .is_some_and(|v| same_partition.matches(v));
    let in_sort_range = match (&cond.sort, schema.sort) {
        (Some(sort), Some(attr)) => esk.get(attr.name).is_some_and(|v| sort.matches(v)),
        _ => true,
    };
    if in_partition && in_sort_range {
        return Ok(());
    }
    Err(Error::validation(
        "The provided starting key is outside query boundaries based on provided conditions",
    ))
}

/// The expression layer's sort-key condition as the key layer's.
fn sort_condition(c: SortCondition) -> keys::SortCondition {
    match c {
        SortCondition::Eq(v) => keys::SortCondition::Eq(v),
        SortCondition::Lt(v) => keys::SortCondition::Lt(v),
        SortCondition::Le(v) => keys::SortCondition::Le(v),
        SortCondition::Gt(v) => keys::SortCondition::Gt(v),
        SortCondition::Ge(v) => keys::SortCondition::Ge(v),
        SortCondition::Between(a, b) => keys::SortCondition::Between(a, b),
        SortCondition::BeginsWith(v) => keys::SortCondition::BeginsWith(v),
    }
}
