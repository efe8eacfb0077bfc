//! Query and Scan requests and responses.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{AttributeNames, AttributeValues, Condition, ConsumedCapacity};
use crate::value::Item;

/// `Query` request.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct QueryRequest {
    pub table_name: Option<String>,
    pub index_name: Option<String>,
    pub key_condition_expression: Option<String>,
    pub filter_expression: Option<String>,
    pub projection_expression: Option<String>,
    pub expression_attribute_names: Option<AttributeNames>,
    #[serde(default, deserialize_with = "crate::value::json::expression_values")]
    pub expression_attribute_values: Option<AttributeValues>,
    pub select: Option<String>,
    pub limit: Option<i64>,
    pub consistent_read: Option<bool>,
    pub scan_index_forward: Option<bool>,
    pub exclusive_start_key: Option<Item>,
    pub return_consumed_capacity: Option<String>,
    pub attributes_to_get: Option<Vec<String>>,
    pub key_conditions: Option<BTreeMap<String, Condition>>,
    pub query_filter: Option<BTreeMap<String, Condition>>,
    pub conditional_operator: Option<String>,
}

/// `Scan` request.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScanRequest {
    pub table_name: Option<String>,
    pub index_name: Option<String>,
    pub filter_expression: Option<String>,
    pub projection_expression: Option<String>,
    pub expression_attribute_names: Option<AttributeNames>,
    #[serde(default, deserialize_with = "crate::value::json::expression_values")]
    pub expression_attribute_values: Option<AttributeValues>,
    pub select: Option<String>,
    pub limit: Option<i64>,
    pub consistent_read: Option<bool>,
    pub exclusive_start_key: Option<Item>,
    pub segment: Option<i64>,
    pub total_segments: Option<i64>,
    pub return_consumed_capacity: Option<String>,
    pub attributes_to_get: Option<Vec<String>>,
    pub scan_filter: Option<BTreeMap<String, Condition>>,
    pub conditional_operator: Option<String>,
}

/// Response of Query and Scan. `Items` is absent when Select=COUNT.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReadResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<Item>>,
    pub count: u64,
    pub scanned_count: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_evaluated_key: Option<Item>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consumed_capacity: Option<ConsumedCapacity>,
}
