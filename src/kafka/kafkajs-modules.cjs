// The kafkajs internals src/kafka/driver.ts uses (pinned kafkajs 2.2.4): connections, the ApiVersions and
// SASL handshake, TLS, logging and error types. Its cluster, admin, producer and consumer are not loaded.
module.exports = {
  protocolError: require('kafkajs/src/protocol/error'),
  loggers: require('kafkajs/src/loggers'),
  errors: require('kafkajs/src/errors'),
  Broker: require('kafkajs/src/broker'),
  connectionPoolBuilder: require('kafkajs/src/cluster/connectionPoolBuilder'),
  socketFactory: require('kafkajs/src/network/socketFactory'),
  Connection: require('kafkajs/src/network/connection'),
  oauthBearerRequest: require('kafkajs/src/protocol/sasl/oauthBearer/request'),
}
