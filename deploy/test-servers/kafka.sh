#!/bin/sh
# A single-node KRaft broker (as deploy/infra/kafka.sh) listening on $KAFKA_PORT, which must be the
# same port the host publishes: clients dial the advertised $KAFKA_ADVERTISED_HOST:$KAFKA_PORT
# (default 127.0.0.1) after bootstrap. Log in $KAFKA_DATA_DIR (default /tmp/kafka-data), formatted
# once: a volume that holds a formatted log (the dev overlay's pods) keeps its topics.
set -eu
port="${KAFKA_PORT:?KAFKA_PORT: the port published on the host}"
advertised="${KAFKA_ADVERTISED_HOST:-127.0.0.1}"
data="${KAFKA_DATA_DIR:-/tmp/kafka-data}"
cat > /tmp/server.properties <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:9093
listeners=PLAINTEXT://:$port,CONTROLLER://127.0.0.1:9093
advertised.listeners=PLAINTEXT://$advertised:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$data
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
# format the log dir once (a fixed cluster id: every container is its own cluster)
"$java" "$@" kafka.tools.StorageTool format --ignore-formatted --cluster-id MkU3OEVBNTcwNTJENDM2Qg --config /tmp/server.properties >/dev/null
exec "$java" "$@" kafka.Kafka /tmp/server.properties
