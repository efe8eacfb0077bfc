"""The dynakv server through boto3 (botocore checks x-amz-crc32 on every DynamoDB response).

Run by tests/clients/run.sh, which starts the server and sets DYNAKV_ENDPOINT and credentials.
"""
import os
import time
import uuid

import boto3
import pytest
from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

ENDPOINT = os.environ["DYNAKV_ENDPOINT"]


@pytest.fixture(scope="module")
def client():
    return boto3.client("dynamodb", endpoint_url=ENDPOINT)


@pytest.fixture(scope="module")
def resource():
    return boto3.resource("dynamodb", endpoint_url=ENDPOINT)


@pytest.fixture
def table(client, resource):
    name = "t-" + uuid.uuid4().hex[:12]
    client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1})
    yield resource.Table(name)
    client.delete_table(TableName=name)


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def test_tables_listed_and_described(client, table):
    assert table.name in client.list_tables()["TableNames"]
    desc = client.describe_table(TableName=table.name)["Table"]
    assert desc["TableStatus"] == "ACTIVE"
    assert desc["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"


def test_missing_table_is_resource_not_found(client):
    with pytest.raises(ClientError) as e:
        client.describe_table(TableName="does-not-exist")
    assert error_code(e) == "ResourceNotFoundException"
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_item(TableName="does-not-exist", Key={"pk": {"S": "a"}})


def test_items_round_trip_through_the_resource_api(table):
    item = {"pk": "a", "sk": 1, "name": "x", "tags": {"p", "q"}, "doc": {"list": [1, "two", None, True]}}
    table.put_item(Item=item)
    assert table.get_item(Key={"pk": "a", "sk": 1}, ConsistentRead=True)["Item"] == item
    out = table.update_item(
        Key={"pk": "a", "sk": 1},
        UpdateExpression="SET #n = :n ADD hits :one",
        ExpressionAttributeNames={"#n": "name"},
        ExpressionAttributeValues={":n": "y", ":one": 1},
        ReturnValues="ALL_NEW",
    )
    assert out["Attributes"]["name"] == "y"
    assert out["Attributes"]["hits"] == 1
    table.delete_item(Key={"pk": "a", "sk": 1})
    assert "Item" not in table.get_item(Key={"pk": "a", "sk": 1})


def test_condition_failure_returns_the_old_item(client, table):
    table.put_item(Item={"pk": "c", "sk": 1, "v": 5})
    with pytest.raises(client.exceptions.ConditionalCheckFailedException) as e:
        client.put_item(
            TableName=table.name,
            Item={"pk": {"S": "c"}, "sk": {"N": "1"}},
            ConditionExpression="attribute_not_exists(pk)",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    assert e.value.response["Error"]["Message"] == "The conditional request failed"
    assert e.value.response["Item"]["v"] == {"N": "5"}


def test_validation_errors_surface_dynamodb_messages(client, table):
    with pytest.raises(ClientError) as e:
        client.put_item(TableName=table.name, Item={"pk": {"N": "1"}, "sk": {"N": "1"}})
    assert error_code(e) == "ValidationException"
    assert "Type mismatch for key" in e.value.response["Error"]["Message"]


def test_time_to_live_is_set_and_expires_items(client, table):
    spec = {"Enabled": True, "AttributeName": "exp"}
    resp = client.update_time_to_live(TableName=table.name, TimeToLiveSpecification=spec)
    assert resp["TimeToLiveSpecification"] == spec
    desc = client.describe_time_to_live(TableName=table.name)["TimeToLiveDescription"]
    assert desc == {"TimeToLiveStatus": "ENABLED", "AttributeName": "exp"}
    with pytest.raises(ClientError) as e:
        client.update_time_to_live(TableName=table.name, TimeToLiveSpecification=spec)
    assert e.value.response["Error"]["Message"] == "TimeToLive is already enabled"
    now = int(time.time())
    table.put_item(Item={"pk": "gone", "sk": 1, "exp": now - 10})
    table.put_item(Item={"pk": "kept", "sk": 1, "exp": now + 3600})
    deadline = time.time() + 15
    while sorted(i["pk"] for i in table.scan()["Items"]) != ["kept"]:
        assert time.time() < deadline, "the expired item was not deleted"
        time.sleep(0.2)


def test_query_scan_and_paginators(client, table):
    with table.batch_writer() as batch:
        for i in range(30):
            batch.put_item(Item={"pk": "even" if i % 2 == 0 else "odd", "sk": i, "i": i})
    got = table.query(KeyConditionExpression=Key("pk").eq("even") & Key("sk").between(4, 10), ScanIndexForward=False)
    assert [it["sk"] for it in got["Items"]] == [10, 8, 6, 4]
    pages = client.get_paginator("query").paginate(
        TableName=table.name,
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": "odd"}},
        PaginationConfig={"PageSize": 4},
    )
    assert sum(p["Count"] for p in pages) == 15
    scanned = table.scan(FilterExpression=Attr("i").gte(25))
    assert (scanned["Count"], scanned["ScannedCount"]) == (5, 30)
    keys = [{"pk": "even", "sk": 0}, {"pk": "odd", "sk": 29}, {"pk": "none", "sk": 1}]
    batch = table.meta.client.batch_get_item(RequestItems={table.name: {"Keys": keys}})
    assert len(batch["Responses"][table.name]) == 2


AUTH_ENDPOINT = os.environ["DYNAKV_AUTH_ENDPOINT"]


def test_botocore_signatures_verify_with_auth():
    """botocore's SigV4 (a second, independent signer) against the --auth server."""
    good = boto3.client("dynamodb", endpoint_url=AUTH_ENDPOINT)
    assert good.list_tables()["TableNames"] == []
    wrong_secret = boto3.client(
        "dynamodb", endpoint_url=AUTH_ENDPOINT, aws_access_key_id="AKIDCLIENTS", aws_secret_access_key="wrong"
    )
    with pytest.raises(ClientError) as e:
        wrong_secret.list_tables()
    assert error_code(e) == "InvalidSignatureException"
    unknown = boto3.client(
        "dynamodb", endpoint_url=AUTH_ENDPOINT, aws_access_key_id="AKIDNOBODY", aws_secret_access_key="x"
    )
    with pytest.raises(ClientError) as e:
        unknown.list_tables()
    assert error_code(e) == "UnrecognizedClientException"
    assert e.value.response["Error"]["Message"] == "The security token included in the request is invalid."
