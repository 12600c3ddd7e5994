// kafkajs's public API plus the CommonJS internals src/kafka/driver.ts drives (pinned kafkajs 2.2.4).
module.exports = {
  root: require('kafkajs'),
  protocolError: require('kafkajs/src/protocol/error'),
  Cluster: require('kafkajs/src/cluster'),
  createAdmin: require('kafkajs/src/admin'),
  createProducer: require('kafkajs/src/producer'),
  createConsumer: require('kafkajs/src/consumer'),
  loggers: require('kafkajs/src/loggers'),
  apiKeys: require('kafkajs/src/protocol/requests/apiKeys'),
  errors: require('kafkajs/src/errors'),
  InstrumentationEventEmitter: require('kafkajs/src/instrumentation/emitter'),
  Broker: require('kafkajs/src/broker'),
  connectionPoolBuilder: require('kafkajs/src/cluster/connectionPoolBuilder'),
  socketFactory: require('kafkajs/src/network/socketFactory'),
  Connection: require('kafkajs/src/network/connection'),
  oauthBearerRequest: require('kafkajs/src/protocol/sasl/oauthBearer/request'),
}
