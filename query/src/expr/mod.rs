//! ConditionExpression, FilterExpression, KeyConditionExpression, ProjectionExpression and UpdateExpression. (being implemented)
