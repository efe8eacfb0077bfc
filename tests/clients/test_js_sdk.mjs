// The dynakv server through the AWS SDK for JavaScript v3 (client-dynamodb and the document
// client of lib-dynamodb), as a Node application uses it. Run by run.sh with node's test runner;
// DYNAKV_ENDPOINT accepts any credentials, DYNAKV_AUTH_ENDPOINT verifies SigV4 against
// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  DynamoDBClient, CreateTableCommand, DescribeTableCommand, DeleteTableCommand,
  ListTablesCommand, PutItemCommand, GetItemCommand, UpdateItemCommand, ScanCommand,
  BatchWriteItemCommand, BatchGetItemCommand, TransactWriteItemsCommand,
  TransactGetItemsCommand,
} from "@aws-sdk/client-dynamodb";
import {
  DynamoDBDocumentClient, PutCommand, GetCommand, QueryCommand, paginateQuery,
} from "@aws-sdk/lib-dynamodb";

const TABLE = "js-sdk-items";
const client = (endpoint, secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY) =>
  new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey },
  });
const db = client(process.env.DYNAKV_ENDPOINT);
const doc = DynamoDBDocumentClient.from(db);
const key = (pk, sk) => ({ pk: { S: pk }, sk: { N: String(sk) } });

test("table lifecycle, document client items, paginated queries and a global index", async () => {
  await db.send(new CreateTableCommand({
    TableName: TABLE,
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "sk", AttributeType: "N" },
      { AttributeName: "grp", AttributeType: "S" },
    ],
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
    BillingMode: "PAY_PER_REQUEST",
    GlobalSecondaryIndexes: [{
      IndexName: "by-group",
      KeySchema: [{ AttributeName: "grp", KeyType: "HASH" }],
      Projection: { ProjectionType: "ALL" },
    }],
  }));
  const described = await db.send(new DescribeTableCommand({ TableName: TABLE }));
  assert.equal(described.Table.TableStatus, "ACTIVE");
  assert.equal(described.Table.GlobalSecondaryIndexes[0].IndexStatus, "ACTIVE");
  assert.ok(described.Table.CreationDateTime instanceof Date);
  assert.ok((await db.send(new ListTablesCommand({}))).TableNames.includes(TABLE));

  for (let i = 0; i < 30; i++) {
    await doc.send(new PutCommand({
      TableName: TABLE,
      Item: {
        pk: "p", sk: i, grp: `g${i % 3}`, tags: new Set(["a", "b"]),
        nested: { list: [1, "two", null, true] },
      },
    }));
  }
  const got = await doc.send(new GetCommand({
    TableName: TABLE, Key: { pk: "p", sk: 3 }, ConsistentRead: true,
  }));
  assert.deepEqual({ ...got.Item, tags: [...got.Item.tags].sort() }, {
    pk: "p", sk: 3, grp: "g0", tags: ["a", "b"], nested: { list: [1, "two", null, true] },
  });

  let pages = 0;
  const seen = [];
  const query = {
    TableName: TABLE,
    KeyConditionExpression: "pk = :p AND sk BETWEEN :lo AND :hi",
    ExpressionAttributeValues: { ":p": "p", ":lo": 2, ":hi": 25 },
    ScanIndexForward: false,
  };
  for await (const page of paginateQuery({ client: doc, pageSize: 7 }, query)) {
    pages++;
    seen.push(...page.Items.map((item) => item.sk));
  }
  assert.equal(pages, 4);
  assert.deepEqual(seen, Array.from({ length: 24 }, (_, i) => 25 - i));

  const counted = await doc.send(new QueryCommand({
    TableName: TABLE, IndexName: "by-group", KeyConditionExpression: "grp = :g",
    ExpressionAttributeValues: { ":g": "g1" }, Select: "COUNT",
  }));
  assert.equal(counted.Count, 10);
});

test("updates, conditions and errors as the SDK models them", async () => {
  const updated = await db.send(new UpdateItemCommand({
    TableName: TABLE, Key: key("p", 1),
    UpdateExpression: "SET #c = if_not_exists(#c, :zero) + :one ADD tags :more",
    ExpressionAttributeNames: { "#c": "count" },
    ExpressionAttributeValues: { ":zero": { N: "0" }, ":one": { N: "1" }, ":more": { SS: ["c"] } },
    ReturnValues: "UPDATED_NEW",
  }));
  assert.deepEqual(updated.Attributes.count, { N: "1" });
  assert.deepEqual([...updated.Attributes.tags.SS].sort(), ["a", "b", "c"]);

  await assert.rejects(
    db.send(new PutItemCommand({
      TableName: TABLE, Item: key("p", 1), ConditionExpression: "attribute_not_exists(pk)",
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    })),
    (e) => e.name === "ConditionalCheckFailedException"
      && e.message === "The conditional request failed"
      && e.$metadata.httpStatusCode === 400
      && e.Item?.count?.N === "1",
  );
  await assert.rejects(
    db.send(new GetItemCommand({ TableName: "js-sdk-missing", Key: key("p", 1) })),
    { name: "ResourceNotFoundException", message: "Requested resource not found" },
  );
  await assert.rejects(
    db.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: "p" } } })),
    {
      name: "ValidationException",
      message: "One or more parameter values were invalid: Missing the key sk in the item",
    },
  );
  await assert.rejects(
    db.send(new CreateTableCommand({
      TableName: "ab",
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    })),
    {
      name: "ValidationException",
      message: "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy "
        + "constraint: Member must have length greater than or equal to 3",
    },
  );
});

test("batches, transactions and a parallel scan", async () => {
  const written = await db.send(new BatchWriteItemCommand({
    RequestItems: {
      [TABLE]: [
        { PutRequest: { Item: { ...key("b", 1), grp: { S: "g9" } } } },
        { DeleteRequest: { Key: key("p", 29) } },
      ],
    },
  }));
  assert.deepEqual(written.UnprocessedItems, {});
  const read = await db.send(new BatchGetItemCommand({
    RequestItems: { [TABLE]: { Keys: [key("b", 1), key("p", 29)] } },
  }));
  assert.equal(read.Responses[TABLE].length, 1);
  assert.deepEqual(read.UnprocessedKeys, {});

  await assert.rejects(
    db.send(new TransactWriteItemsCommand({
      TransactItems: [
        { Put: { TableName: TABLE, Item: key("t", 1) } },
        {
          ConditionCheck: {
            TableName: TABLE, Key: key("p", 1), ConditionExpression: "attribute_not_exists(pk)",
          },
        },
      ],
    })),
    (e) => e.name === "TransactionCanceledException"
      && JSON.stringify(e.CancellationReasons.map((r) => r.Code))
        === JSON.stringify(["None", "ConditionalCheckFailed"]),
  );
  const fetched = await db.send(new TransactGetItemsCommand({
    TransactItems: [{ Get: { TableName: TABLE, Key: key("t", 1) } }, { Get: { TableName: TABLE, Key: key("p", 2) } }],
  }));
  assert.equal(fetched.Responses[0].Item, undefined, "the cancelled transaction wrote nothing");
  assert.equal(fetched.Responses[1].Item.sk.N, "2");

  let total = 0;
  for (const segment of [0, 1, 2]) {
    let start;
    do {
      const page = await db.send(new ScanCommand({
        TableName: TABLE, Segment: segment, TotalSegments: 3, Limit: 4, ExclusiveStartKey: start,
      }));
      total += page.Count;
      start = page.LastEvaluatedKey;
    } while (start);
  }
  assert.equal(total, 30, "29 of partition p and one of b, each in exactly one segment");
  await db.send(new DeleteTableCommand({ TableName: TABLE }));
});

test("SigV4 from the JavaScript signer is verified", async () => {
  const signed = client(process.env.DYNAKV_AUTH_ENDPOINT);
  assert.ok(Array.isArray((await signed.send(new ListTablesCommand({}))).TableNames));
  await assert.rejects(
    client(process.env.DYNAKV_AUTH_ENDPOINT, "wrong-secret").send(new ListTablesCommand({})),
    { name: "InvalidSignatureException" },
  );
});
