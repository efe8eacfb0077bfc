//! Building DynamoDB's `TableDescription` from a table's definition and live statistics.

use crate::api::{
    AttributeDefinition, BillingModeSummary, IndexDescription, KeySchemaElement,
    OnDemandThroughput, Projection, ProvisionedThroughputDescription, SseDescription,
    TableClassSummary, TableDescription, WarmThroughputDescription,
};

use super::{IndexProjection, KeyAttr, Table, TableMeta};

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
            on_demand_throughput: match m.on_demand {
                (None, None) => None,
                (read, write) => Some(OnDemandThroughput {
                    max_read_request_units: read,
                    max_write_request_units: write,
                }),
            },
            warm_throughput: Some(warm_throughput(m)),
            sse_description: m.kms_key_arn.as_ref().map(|arn| SseDescription {
                status: "ENABLED".to_string(),
                sse_type: "KMS".to_string(),
                kms_master_key_arn: arn.clone(),
            }),
            local_secondary_indexes: self.index_descriptions(region, false),
            global_secondary_indexes: self.index_descriptions(region, true),
        }
    }

    /// Descriptions of the table's local or global indexes; None when it has none.
    fn index_descriptions(&self, region: &str, global: bool) -> Option<Vec<IndexDescription>> {
        let arn = table_arn(region, &self.meta.name);
        let list: Vec<IndexDescription> = self
            .meta
            .indexes
            .iter()
            .zip(&self.indexes)
            .filter(|(meta, _)| meta.global == global)
            .map(|(meta, live)| IndexDescription {
                index_name: meta.name.clone(),
                key_schema: key_schema_of(&meta.hash_key, meta.range_key.as_ref()),
                projection: projection(&meta.projection),
                index_status: global.then(|| "ACTIVE".to_string()),
                provisioned_throughput: global.then(|| {
                    let (read, write) = meta.throughput.unwrap_or((0, 0));
                    ProvisionedThroughputDescription {
                        read_capacity_units: read,
                        write_capacity_units: write,
                        ..Default::default()
                    }
                }),
                index_size_bytes: live.stats.size_bytes(),
                item_count: live.stats.item_count(),
                index_arn: format!("{arn}/index/{}", meta.name),
            })
            .collect();
        (!list.is_empty()).then_some(list)
    }
}

fn projection(p: &IndexProjection) -> Projection {
    Projection {
        projection_type: Some(p.type_name().to_string()),
        non_key_attributes: match p {
            IndexProjection::Include(attrs) => Some(attrs.clone()),
            _ => None,
        },
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
    key_schema_of(&m.hash_key, m.range_key.as_ref())
}

fn key_schema_of(hash: &KeyAttr, range: Option<&KeyAttr>) -> Vec<KeySchemaElement> {
    let element = |name: &str, key_type: &str| KeySchemaElement {
        attribute_name: Some(name.to_string()),
        key_type: Some(key_type.to_string()),
    };
    let mut schema = vec![element(&hash.name, "HASH")];
    if let Some(r) = range {
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

fn warm_throughput(m: &TableMeta) -> WarmThroughputDescription {
    let (read, write) = m.billing.warm_units();
    WarmThroughputDescription {
        read_units_per_second: read,
        write_units_per_second: write,
        status: "ACTIVE".to_string(),
    }
}

/// DynamoDB describes the billing mode only of tables that have been PAY_PER_REQUEST.
fn billing_summary(m: &TableMeta) -> Option<BillingModeSummary> {
    let switched = m.billing.last_switch_to_pay_per_request;
    if !m.billing.pay_per_request && switched.is_none() {
        return None;
    }
    let mode = if m.billing.pay_per_request {
        "PAY_PER_REQUEST"
    } else {
        "PROVISIONED"
    };
    Some(BillingModeSummary {
        billing_mode: mode.to_string(),
        last_update_to_pay_per_request_date_time: switched,
    })
}
