#!/bin/sh
# A single-node KRaft broker (as deploy/infra/kafka.sh) listening on $KAFKA_PORT, which must be the
# same port the host publishes: clients dial the advertised 127.0.0.1:$KAFKA_PORT after bootstrap.
set -eu
port="${KAFKA_PORT:?KAFKA_PORT: the port published on the host}"
cat > /tmp/server.properties <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:9093
listeners=PLAINTEXT://:$port,CONTROLLER://127.0.0.1:9093
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=/tmp/kafka-data
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
java=/opt/java/bin/java
set -- -Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true -Dlog4j2.configurationFile=/opt/kafka/log4j2.properties -cp '/opt/kafka/libs/*'
# a fresh container: format the log dir once (a fixed cluster id: every container is its own cluster)
"$java" "$@" kafka.tools.StorageTool format --cluster-id MkU3OEVBNTcwNTJENDM2Qg --config /tmp/server.properties >/dev/null
exec "$java" "$@" kafka.Kafka /tmp/server.properties
