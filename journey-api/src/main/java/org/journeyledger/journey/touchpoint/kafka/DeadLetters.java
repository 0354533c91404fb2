package org.journeyledger.journey.touchpoint.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.journeyledger.journey.config.JourneyProperties;
import org.journeyledger.journey.problem.FieldProblem;
import org.journeyledger.journey.problem.ProblemHandling;
import org.journeyledger.journey.problem.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Sends a refused touchpoint record, unchanged (same key, value and headers), to the dead-letter topic with why it was
 * refused, and waits until the broker has it, so that the record's offset is only committed once it is safe there.
 * <p>
 * Spring Kafka's {@link DeadLetterPublishingRecoverer} adds where the record came from
 * ({@code kafka_dlt-original-topic}, {@code -partition}, {@code -offset}, {@code -timestamp},
 * {@code -consumer-group}) and the exception ({@code kafka_dlt-exception-fqcn}, {@code -message}); we add the
 * problem as the HTTP API would have answered it:
 * <ul>
 *     <li>{@value #REASON}: the problem's detail, what to fix;</li>
 *     <li>{@value #FIELDS}: the offending fields as a JSON array ({@code ["occurredAt"]}; {@code [""]} is the whole
 *     value); {@code []} for refusals that are not about a field;</li>
 *     <li>{@value #PROBLEM_TYPE}: the problem type URI ({@code urn:journey-ledger:problem:invalid-request}, …);</li>
 *     <li>{@value #PROBLEM}: the whole RFC 9457 problem document as JSON.</li>
 * </ul>
 * A record set aside after {@code journey.kafka.max-attempts} failures that were not refusals gets the problem type
 * {@code urn:journey-ledger:problem:ingest-failed}, with the failure's class and message in the reason (and in
 * Spring Kafka's exception headers), so that an operator can fix the cause and replay it.
 */
@Component
class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    static final String REASON = "journey-dlt-reason";
    static final String FIELDS = "journey-dlt-fields";
    static final String PROBLEM_TYPE = "journey-dlt-problem-type";
    static final String PROBLEM = "journey-dlt-problem";

    private final DeadLetterPublishingRecoverer recoverer;
    private final ProblemHandling problems;
    private final ObjectMapper mapper;
    private final String topic;
    private final int maxAttempts;

    DeadLetters(KafkaTemplate<byte[], byte[]> template, ProblemHandling problems, ObjectMapper mapper,
                JourneyProperties properties) {
        this.problems = problems;
        this.mapper = mapper;
        this.topic = properties.kafka().deadLetterTopic();
        this.maxAttempts = properties.kafka().maxAttempts();
        // Partition -1: the producer picks it from the key, as for the original, so one customer's refusals stay
        // in order on the dead-letter topic too.
        this.recoverer = new DeadLetterPublishingRecoverer(template, (record, e) -> new TopicPartition(topic, -1));
        // A validation failure's stack trace says nothing the reason does not; it would only bloat every record.
        recoverer.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
        recoverer.setHeadersFunction((record, e) -> headers(e));
        recoverer.setLogRecoveryRecord(false);
    }

    /** Whether the failure is a refusal of the ledger's own (permanent: the same record would be refused again). */
    boolean isRefusal(RuntimeException e) {
        return problems.problemFor(e).isPresent();
    }

    /**
     * @throws org.springframework.kafka.KafkaException when the broker did not acknowledge the dead letter
     */
    void send(ConsumerRecord<byte[], byte[]> record, Consumer<?, ?> consumer, RuntimeException refusal) {
        recoverer.accept(record, consumer, refusal);
    }

    /**
     * Sets aside a record that failed {@code journey.kafka.max-attempts} times for a reason of its own (not a refusal, not transient),
     * naming the failure: the listener container's wrappers are taken off so that the headers carry the cause.
     *
     * @throws org.springframework.kafka.KafkaException when the broker did not acknowledge the dead letter
     */
    void sendAfterAttempts(ConsumerRecord<byte[], byte[]> record, Consumer<?, ?> consumer, Exception failure) {
        Exception cause = unwrapped(failure);
        recoverer.accept(record, consumer, cause);
        log.error("Touchpoint at {}-{}@{} failed {} times and was sent to {}: {}", record.topic(), record.partition(),
                record.offset(), maxAttempts, topic, cause.toString(), cause);
    }

    private static Exception unwrapped(Exception failure) {
        Throwable cause = failure;
        while ((cause instanceof ListenerExecutionFailedException || cause instanceof BatchListenerFailedException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof Exception exception ? exception : new IllegalStateException(cause);
    }

    String topic() {
        return topic;
    }

    private Headers headers(Exception e) {
        ProblemDetail problem = problems.problemFor(e).orElseGet(() -> failed(e));
        // Every refusal that names fields (invalid data, a touchpoint contradicting the history) lists them.
        List<String> fields = problem.getProperties() != null
                && problem.getProperties().get("errors") instanceof List<?> errors
                ? errors.stream().filter(FieldProblem.class::isInstance).map(f -> ((FieldProblem) f).field()).toList()
                : List.of();
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, utf8(String.valueOf(problem.getDetail())));
        headers.add(FIELDS, utf8(json(fields)));
        headers.add(PROBLEM_TYPE, utf8(String.valueOf(problem.getType())));
        headers.add(PROBLEM, utf8(json(problem)));
        return headers;
    }

    private ProblemDetail failed(Exception e) {
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "ingest-failed", "Touchpoint could not be stored",
                "Storing it failed " + maxAttempts + " times with " + e.getClass().getName() + ": " + e.getMessage()
                        + "; it was set aside so that the records behind it could be stored. Fix the cause, then "
                        + "replay it from " + topic + " (docs/operations.md).");
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem document must always be writable as JSON", e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
