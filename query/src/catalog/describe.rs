//! Building DynamoDB's `TableDescription` from a table's definition and live statistics.

use crate::api::{
    AttributeDefinition, BillingModeSummary, KeySchemaElement, ProvisionedThroughputDescription,
    TableClassSummary, TableDescription,
};

use super::{Table, TableMeta};

impl Table {
    /// The `TableDescription` DescribeTable, CreateTable, UpdateTable and DeleteTable return.
    pub fn describe(&self, region: &str, status: &str) -> TableDescription {
        let m = &self.meta;
        TableDescription {
            attribute_definitions: m.attributes.iter().map(attribute_definition).collect(),
            table_name: m.name.clone(),
            key_schema: key_schema(m),
            table_status: status.to_string(),
            creation_date_time: m.created,
            provisioned_throughput: throughput(m),
            table_size_bytes: self.stats.size_bytes(),
            item_count: self.stats.item_count(),
            table_arn: table_arn(region, &m.name),
            table_id: m.id.clone(),
            billing_mode_summary: billing_summary(m),
            table_class_summary: m.table_class.as_ref().map(|c| TableClassSummary {
                table_class: c.clone(),
            }),
            deletion_protection_enabled: m.deletion_protection,
        }
    }
}

/// `arn:aws:dynamodb:<region>:000000000000:table/<name>`.
pub fn table_arn(region: &str, name: &str) -> String {
    format!("arn:aws:dynamodb:{region}:000000000000:table/{name}")
}

fn attribute_definition(a: &super::KeyAttr) -> AttributeDefinition {
    AttributeDefinition {
        attribute_name: Some(a.name.clone()),
        attribute_type: Some(a.ty.as_str().to_string()),
    }
}

fn key_schema(m: &TableMeta) -> Vec<KeySchemaElement> {
    let element = |name: &str, key_type: &str| KeySchemaElement {
        attribute_name: Some(name.to_string()),
        key_type: Some(key_type.to_string()),
    };
    let mut schema = vec![element(&m.hash_key.name, "HASH")];
    if let Some(r) = &m.range_key {
        schema.push(element(&r.name, "RANGE"));
    }
    schema
}

fn throughput(m: &TableMeta) -> ProvisionedThroughputDescription {
    ProvisionedThroughputDescription {
        last_increase_date_time: m.billing.last_increase,
        last_decrease_date_time: m.billing.last_decrease,
        number_of_decreases_today: m.billing.decreases_today,
        read_capacity_units: m.billing.read_units,
        write_capacity_units: m.billing.write_units,
    }
}

fn billing_summary(m: &TableMeta) -> BillingModeSummary {
    let mode = if m.billing.pay_per_request {
        "PAY_PER_REQUEST"
    } else {
        "PROVISIONED"
    };
    BillingModeSummary {
        billing_mode: mode.to_string(),
        last_update_to_pay_per_request_date_time: m.billing.last_switch_to_pay_per_request,
    }
}
