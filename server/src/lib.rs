//! dynakv-server: DynamoDB's JSON wire protocol over HTTP in front of the `dynakv` library.
