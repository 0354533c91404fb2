package org.journeyledger.journey.touchpoint.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.journeyledger.journey.config.JourneyProperties;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code java -jar journey-api.jar replay-dead-letters [options]}: sends refused touchpoint records from the
 * dead-letter topic back to the touchpoints topic once their sender, or the ledger's configuration, is fixed (see
 * {@code docs/operations.md#replaying-dead-letters}). It connects with the Kafka settings a run of the ledger would use
 * (command line, environment, {@code application.yml}), and remembers in a consumer group of its own how far replays
 * have read. Exits 0 when done, 1 when the broker did not acknowledge every replayed record (nothing was committed:
 * run it again), 2 on a usage or connection error.
 */
public final class ReplayDeadLettersCommand {

    static final String USAGE = """
            usage: java -jar journey-api.jar replay-dead-letters [--dry-run] [--from-beginning]
                       [--since=INSTANT] [--until=INSTANT] [--problem-type=TYPE[,TYPE...]] [--reason=TEXT]
                       [--group=GROUP] [--spring.kafka.bootstrap-servers=HOST:PORT,...] [--name=value ...]
              Reads the dead letters not yet read by a replay (the group's committed offsets; all of them with
              --from-beginning) up to the topic's end at the start, and produces those selected back to the
              touchpoints topic with their original key, value and headers. Selection: dead-lettered at or after
              --since and before --until (ISO-8601, e.g. 2026-12-08T09:00:00Z), problem type (invalid-request,
              source-event-id-reused, ...), reason containing TEXT (any case). Records not selected are passed over.
              --dry-run lists what would be replayed and why each was refused; it produces and commits nothing.
              --group defaults to <spring.kafka.consumer.group-id>-dlt-replay. Other --name=value options are
              the ledger's own settings (spring.kafka.*, journey.kafka.*), as for a run.""";

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** A setting such as {@code --spring.kafka.bootstrap-servers=…}: a dotted name, handed to Spring Boot. */
    private static final Pattern SETTING = Pattern.compile("--[A-Za-z0-9-]+(\\.[A-Za-z0-9_\\[\\]-]+)+=.*");

    private ReplayDeadLettersCommand() {
    }

    /** Only what the command needs of the ledger's configuration; nothing else of the application starts. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({KafkaProperties.class, JourneyProperties.class})
    @ImportAutoConfiguration(SslAutoConfiguration.class)
    static class Settings {
    }

    public static int run(String[] args, PrintStream out) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            out.println(USAGE);
            return 2;
        }
        if (options.help()) {
            out.println(USAGE);
            return 0;
        }
        try (ConfigurableApplicationContext settings = new SpringApplicationBuilder(Settings.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                // An unreachable broker is said once, at the end, not in a warning per attempt to connect.
                .properties("logging.level.org.apache.kafka.clients.NetworkClient=ERROR")
                .registerShutdownHook(false).run(options.settings().toArray(String[]::new))) {
            KafkaProperties kafka = settings.getBean(KafkaProperties.class);
            JourneyProperties journey = settings.getBean(JourneyProperties.class);
            SslBundles ssl = settings.getBean(SslBundles.class);
            String configured = settings.getEnvironment().getProperty("spring.kafka.bootstrap-servers");
            // As the ledger itself does: without bootstrap servers it runs its own broker, on this port.
            String servers = configured == null || configured.isBlank()
                    ? "localhost:" + journey.embeddedKafka().port() : null;
            String group = options.group() != null ? options.group() : kafka.getConsumer().getGroupId() + "-dlt-replay";
            return replay(options, consumerSettings(kafka, ssl, servers, group), producerSettings(kafka, ssl, servers),
                    group, journey.kafka(), out);
        }
    }

    private static int replay(Options options, Map<String, Object> consumerSettings,
                              Map<String, Object> producerSettings, String group, JourneyProperties.Kafka topics,
                              PrintStream out) {
        String where = servers(consumerSettings);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerSettings,
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings,
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            DeadLetterReplay.Result result = new DeadLetterReplay(consumer, producer, group, topics.deadLetterTopic(),
                    topics.touchpointsTopic(), TIMEOUT, out).run(options.selection(), options.fromBeginning(),
                    options.dryRun());
            out.printf("dead letters read: %d (%s at %s), passed over: %d (not selected)%n", result.read(),
                    topics.deadLetterTopic(), where, result.passedOver());
            out.println((options.dryRun() ? "would replay: " : "replayed: ") + result.selected() + " to "
                    + topics.touchpointsTopic() + (result.byProblemType().isEmpty() ? "" : " " + result.byProblemType()));
            if (options.dryRun()) {
                out.println("dry run: nothing was produced and no offset committed");
            } else if (result.unacknowledged() > 0) {
                out.println(result.unacknowledged() + " were not acknowledged by the broker; no offset was committed,"
                        + " so run the command again (records already replayed are stored only once)");
                return 1;
            } else {
                out.println("all acknowledged; offsets committed for group " + group
                        + ", so a later run starts after these records");
            }
            return 0;
        } catch (TimeoutException e) {
            out.println("cannot reach Kafka at " + where + " within " + TIMEOUT.toSeconds() + " s (" + e.getMessage()
                    + "). The default run's broker runs inside the ledger, so start the ledger first; for an external"
                    + " cluster give --spring.kafka.bootstrap-servers=… or SPRING_KAFKA_BOOTSTRAP_SERVERS");
            return 2;
        } catch (IllegalStateException | KafkaException e) {
            out.println("replay failed at " + where + ": " + e.getMessage());
            return 2;
        }
    }

    private static Map<String, Object> consumerSettings(KafkaProperties kafka, SslBundles ssl, String servers,
                                                        String group) {
        Map<String, Object> settings = kafka.buildConsumerProperties(ssl);
        if (servers != null) {
            settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers);
        }
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, group);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A misspelt topic must fail the replay, not create an empty topic on a broker that allows it.
        settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        settings.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        settings.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        return settings;
    }

    private static Map<String, Object> producerSettings(KafkaProperties kafka, SslBundles ssl, String servers) {
        Map<String, Object> settings = kafka.buildProducerProperties(ssl);
        if (servers != null) {
            settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers);
        }
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        settings.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        return settings;
    }

    private static String servers(Map<String, Object> settings) {
        Object servers = settings.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        return servers instanceof Collection<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(servers);
    }

    /** The command line: the command's own options, and the settings handed to Spring Boot. */
    private record Options(boolean help, boolean dryRun, boolean fromBeginning, String group,
                           DeadLetterReplay.Selection selection, List<String> settings) {

        static Options parse(String[] args) {
            boolean help = false;
            boolean dryRun = false;
            boolean fromBeginning = false;
            String group = null;
            Instant since = null;
            Instant until = null;
            Set<String> types = new LinkedHashSet<>();
            String reason = null;
            List<String> settings = new ArrayList<>();
            List<String> given = Arrays.asList(args);
            for (String arg : given.isEmpty() || !"replay-dead-letters".equals(given.get(0)) ? given
                    : given.subList(1, given.size())) {
                String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
                switch (arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg) {
                    case "-h", "--help" -> help = true;
                    case "--dry-run" -> dryRun = true;
                    case "--from-beginning" -> fromBeginning = true;
                    case "--group" -> group = required(arg, value);
                    case "--since" -> since = instant(arg, value);
                    case "--until" -> until = instant(arg, value);
                    case "--problem-type" -> Arrays.stream(required(arg, value).split(",")).map(String::trim)
                            .filter(t -> !t.isEmpty()).forEach(types::add);
                    case "--reason" -> reason = required(arg, value);
                    default -> {
                        if (!SETTING.matcher(arg).matches()) {
                            throw new IllegalArgumentException("unknown option " + arg);
                        }
                        settings.add(arg);
                    }
                }
            }
            if (since != null && until != null && !since.isBefore(until)) {
                throw new IllegalArgumentException("--since must be before --until");
            }
            return new Options(help, dryRun, fromBeginning, group,
                    new DeadLetterReplay.Selection(since, until, types, reason), settings);
        }

        private static String required(String arg, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(arg + " needs a value, e.g. " + arg + "=…");
            }
            return value;
        }

        private static Instant instant(String arg, String value) {
            try {
                return OffsetDateTime.parse(required(arg, value)).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(arg + " takes an ISO-8601 instant with its offset, e.g. "
                        + "2026-12-08T09:00:00Z, not " + value);
            }
        }
    }
}
