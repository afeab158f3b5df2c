// `@candor/runtime/kafka`: the message bus on Kafka (kafkajs). An entry point of its own so that the
// embedded mode, which runs the in-process bus, never loads kafkajs.
export { createKafkaBus, resetConsumerGroup, type KafkaBusOptions, type KafkaTopicConfig } from './src/bus/kafka';
