package org.journeyledger.journey.embedded;

import org.journeyledger.journey.support.Ports;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedKafkaBrokerTest {

    @TempDir
    Path temp;

    @Test
    void aRecordAcknowledgedToAProducerIsStillThereAfterTheBrokerRestartsOnTheSameLog() throws Exception {
        Path log = temp.resolve("kafka");
        int port = Ports.free();
        RecordMetadata written;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(log, port, 0)) {
            assertThat(broker.bootstrapServers()).isEqualTo("localhost:" + port);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("receipts", 2, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = producer(broker)) {
                written = producer.send(new ProducerRecord<>("receipts", "store-12", "receipt 1001")).get();
            }
        }

        // Another controller port, as after any restart of the default run (it picks a free one each time).
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(log, port, 0)) {
            assertThat(readAll(broker, new TopicPartition("receipts", written.partition())))
                    .extracting(ConsumerRecord::value).containsExactly("receipt 1001");
        }
    }

    @Test
    void aMisspeltTopicIsNotCreatedBehindTheProducersBack() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(temp.resolve("kafka"), Ports.free(), 0);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 1500), new StringSerializer(), new StringSerializer())) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("journey.touchpionts", "x")).get())
                        .hasMessageContaining("journey.touchpionts");
            }
            assertThat(admin.listTopics().names().get()).doesNotContain("journey.touchpionts");
        }
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafkaBroker broker) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> readAll(EmbeddedKafkaBroker broker, TopicPartition partition) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
