//! Query: one partition, optionally narrowed by the sort key, read forward or backward.

use crate::api::{QueryRequest, ReadResponse};
use crate::capacity::{Report, REPORT_VALUES};
use crate::expr::{key_condition, ExpressionParams, KeyAttribute, KeySchema, SortCondition};
use crate::keys::{self, KeyBuilder, KeyRange};
use crate::{Error, Result};

use super::context::{check_table_name, no_mixing, table};
use super::expressions::parse;
use super::legacy;
use super::page::{read_page, PagePlan};
use super::read_common::{check_limit, expr_type};
use super::select;
use super::shape::Shape;
use super::target::Target;
use super::Inner;

pub fn run(db: &Inner, req: QueryRequest) -> Result<ReadResponse> {
    let name = check_table_name(req.table_name.as_deref())?;
    check_shape(&req)?;
    no_mixing(
        &[
            ("AttributesToGet", req.attributes_to_get.is_some()),
            ("KeyConditions", req.key_conditions.is_some()),
            ("QueryFilter", req.query_filter.is_some()),
            ("ConditionalOperator", req.conditional_operator.is_some()),
        ],
        &[
            ("ProjectionExpression", req.projection_expression.is_some()),
            ("FilterExpression", req.filter_expression.is_some()),
            (
                "KeyConditionExpression",
                req.key_condition_expression.is_some(),
            ),
        ],
    )?;
    if req.key_condition_expression.is_none() && req.key_conditions.is_none() {
        return Err(Error::validation(
            "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
        ));
    }
    let parsed = parse(ExpressionParams {
        key_condition: req.key_condition_expression.as_deref(),
        filter: req.filter_expression.as_deref(),
        projection: req.projection_expression.as_deref(),
        names: req.expression_attribute_names.as_ref(),
        values: req.expression_attribute_values.as_ref(),
        ..ExpressionParams::default()
    })?;
    let projection_member = if req.projection_expression.is_some() {
        Some("ProjectionExpression")
    } else {
        req.attributes_to_get.as_ref().map(|_| "AttributesToGet")
    };
    let count_only = select::count_only(
        req.select.as_deref(),
        projection_member,
        req.index_name.is_some(),
    )?;
    let projection = match (parsed.projection, &req.attributes_to_get) {
        (Some(p), _) => Some(p),
        (None, Some(names)) => Some(legacy::attributes_to_get(names)?),
        (None, None) => None,
    };
    let filter = match parsed.filter {
        Some(f) => Some(f),
        None => legacy::conditions(
            req.query_filter.as_ref(),
            req.conditional_operator.as_deref(),
        )?,
    };
    let key_cond = match parsed.key_condition {
        Some(k) => k,
        None => legacy::conditions(req.key_conditions.as_ref(), None)?
            .ok_or_else(|| Error::validation("Conditions must not be null"))?,
    };
    let table = table(db, name)?;
    let target = Target::resolve(&table, req.index_name.as_deref())?;
    let consistent = req.consistent_read.unwrap_or(false);
    target.check_consistent(consistent)?;
    let fetch_base = target.fetch_base(req.select.as_deref(), projection.is_some())?;
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
    let reverse = !req.scan_index_forward.unwrap_or(true);
    let partition = KeyBuilder::partition(&cond.partition)?;
    let mut range = KeyRange::query(&partition, cond.sort.map(sort_condition).as_ref())?;
    if let Some(esk) = &req.exclusive_start_key {
        range.resume_after(&target.start(esk)?, reverse);
    }
    read_page(
        db,
        PagePlan {
            target: &target,
            fetch_base,
            range,
            reverse,
            limit: req.limit.map(|l| l as usize),
            filter: filter.as_ref(),
            projection: projection.as_ref(),
            count_only,
            consistent,
            report: Report::parse(req.return_consumed_capacity.as_deref()),
        },
    )
}

fn check_shape(req: &QueryRequest) -> Result<()> {
    let mut s = Shape::new();
    s.name(req.index_name.as_deref(), "indexName", 3, false);
    select::check_shape(&mut s, req.select.as_deref());
    check_limit(&mut s, req.limit);
    s.one_of(
        req.return_consumed_capacity.as_deref(),
        "returnConsumedCapacity",
        REPORT_VALUES,
    );
    s.one_of(
        req.conditional_operator.as_deref(),
        "conditionalOperator",
        &["AND", "OR"],
    );
    s.finish()
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
