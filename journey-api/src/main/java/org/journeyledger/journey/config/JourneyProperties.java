package org.journeyledger.journey.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code journey.*} settings; each is listed with its default in {@code README.md}.
 *
 * @param dataDir          where the default run keeps its embedded database and Kafka log (env
 *                         {@code JOURNEY_DATA_DIR})
 * @param embeddedPostgres the embedded PostgreSQL of the default run
 * @param embeddedKafka    the in-process Kafka broker of the default run
 * @param kafka            topics of the Kafka ingest and publication
 * @param identity         identifier types and normalisation
 * @param channels         channel names beyond the built-in ones
 * @param ingest           limits of the write path
 * @param audit            ledger checkpoints
 * @param offers           the offer check and price protection
 * @param erasure          the master key that wraps the per-customer data keys
 */
@ConfigurationProperties("journey")
public record JourneyProperties(@DefaultValue("data") Path dataDir,
                                @DefaultValue EmbeddedPostgres embeddedPostgres,
                                @DefaultValue EmbeddedKafka embeddedKafka,
                                @DefaultValue Kafka kafka,
                                @DefaultValue Identity identity,
                                @DefaultValue Channels channels,
                                @DefaultValue Ingest ingest,
                                @DefaultValue Audit audit,
                                @DefaultValue Offers offers,
                                @DefaultValue Erasure erasure) {

    /**
     * @param port     port of the embedded server; 0 picks a free one (the JDBC URL is logged at start)
     * @param settings PostgreSQL server settings for the embedded server, e.g. {@code shared_buffers: 256MB}
     *                 (values without spaces or quotes); they override the ledger's own (durability, the log)
     */
    public record EmbeddedPostgres(@DefaultValue("0") int port, @DefaultValue Map<String, String> settings) {
    }

    /**
     * @param port           client port of the broker; fixed so that any Kafka client on the machine can find it
     * @param controllerPort port of its KRaft controller listener; 0 picks a free one at each start
     */
    public record EmbeddedKafka(@DefaultValue("9092") int port, @DefaultValue("0") int controllerPort) {
    }

    /**
     * @param touchpointsTopic  where channel systems produce touchpoints (the HTTP envelope as JSON)
     * @param deadLetterTopic   where refused touchpoint records go, unchanged, with the reason in headers
     * @param eventsTopic       where every ledger event is published, keyed by customer id
     * @param checkpointsTopic  where ledger checkpoints are published (one partition, kept forever)
     * @param partitions        partitions of the topics the ledger creates at start
     * @param replicationFactor replication factor of those topics (1 for the embedded broker; 3 is usual on a
     *                          cluster)
     * @param maxAttempts       how often a touchpoint record that fails for a reason other than a refusal or a
     *                          transient failure (database or broker away, a lost race) is tried before it goes to
     *                          the dead-letter topic with the failure in its headers
     * @param stallTimeout      how long a partition of the touchpoints topic may hold waiting records without its
     *                          committed offset moving before the {@code ingest} health turns DOWN
     * @param monitorInterval   how often each node reads the ingest consumer group's offsets and the topic's ends
     */
    public record Kafka(@DefaultValue("journey.touchpoints") String touchpointsTopic,
                        @DefaultValue("journey.touchpoints.dlt") String deadLetterTopic,
                        @DefaultValue("journey.events") String eventsTopic,
                        @DefaultValue("journey.checkpoints") String checkpointsTopic,
                        @DefaultValue("6") int partitions,
                        @DefaultValue("1") short replicationFactor,
                        @DefaultValue("3") int maxAttempts,
                        @DefaultValue("PT1M") Duration stallTimeout,
                        @DefaultValue("PT5S") Duration monitorInterval) {
    }

    /**
     * @param defaultRegion          ISO 3166 region for phone numbers written without a country code
     * @param extraTypes             identifier types accepted in addition to the built-in ones
     * @param weakTypes              identifier types that only propose a match between customers, never merge them
     * @param blocklist              junk values kept on the touchpoint but never used to link or resolve:
     *                               {@code type:value} (compared after normalisation) or {@code *:value} (any type,
     *                               compared case-insensitively as sent)
     * @param maxIdentifiersPerType  how many identifiers of one type a customer may own; more is a bug, not a person
     * @param maxIdentifiersByType   per-type exceptions to that limit
     */
    public record Identity(@DefaultValue("US") String defaultRegion, @DefaultValue List<String> extraTypes,
                           @DefaultValue("device_id") List<String> weakTypes,
                           @DefaultValue({"email:test@test.com", "email:test@example.com", "email:noemail@noemail.com",
                                   "email:none@none.com", "phone:0000000000", "phone:1234567890",
                                   "phone:9999999999", "*:unknown", "*:none", "*:null", "*:n/a", "*:na", "*:0", "*:-",
                                   "*:test"}) List<String> blocklist,
                           @DefaultValue("10") int maxIdentifiersPerType,
                           @DefaultValue Map<String, Integer> maxIdentifiersByType) {
    }

    /** @param extra channel names accepted in addition to the built-in ones */
    public record Channels(@DefaultValue List<String> extra) {
    }

    /**
     * @param checkpointInterval how often a ledger checkpoint is taken (on one node of the cluster)
     * @param checkpointSettle   how far behind the newest event a checkpoint is taken, so that no transaction still
     *                           in flight can commit an event below its position
     * @param asOfSnapshotEvery  an as-of read saves the context every this many events of the customer's history, so
     *                           later as-of reads fold only the events after the latest saved one
     * @param asOfSnapshotSettle how old an event must be before a snapshot ends at it: an event may commit a little
     *                           after its timestamp, and a snapshot that missed it would be wrong (a consistency check
     *                           on reading would notice, at the cost of a full fold)
     */
    public record Audit(@DefaultValue("PT1H") Duration checkpointInterval,
                        @DefaultValue("PT30S") Duration checkpointSettle,
                        @DefaultValue("250") int asOfSnapshotEvery,
                        @DefaultValue("PT1M") Duration asOfSnapshotSettle) {
    }

    /**
     * @param maxBatchSize      most touchpoints in one batch request
     * @param maxBodySize       largest body of a single-touchpoint request
     * @param maxBatchBodySize  largest body of a batch request
     * @param maxFutureSkew     how far in the future an {@code occurredAt} may lie (clocks drift; years do not)
     * @param aggregateCacheSize most customers whose decision state a node keeps in memory between commands (0: none;
     *                          the cache also gives way under memory pressure)
     * @param snapshotEvery     a customer is snapshotted every this many events (0: never), so that a load reads its
     *                          latest snapshot and the events after it instead of its whole stream
     */
    public record Ingest(@DefaultValue("1000") int maxBatchSize,
                         @DefaultValue("1MB") DataSize maxBodySize,
                         @DefaultValue("32MB") DataSize maxBatchBodySize,
                         @DefaultValue("PT24H") Duration maxFutureSkew,
                         @DefaultValue("10000") int aggregateCacheSize,
                         @DefaultValue("10") int snapshotEvery) {
    }

    /**
     * @param recentPurchaseWindow  an offer check is suppressed for a sku bought within this time before the check
     * @param priceProtectionWindow a purchase is eligible for the better discount of an offer on the same sku the
     *                              customer received within this time before or after the purchase
     */
    public record Offers(@DefaultValue("30d") Duration recentPurchaseWindow,
                         @DefaultValue("30d") Duration priceProtectionWindow) {
    }

    /**
     * @param masterKey Base64 of 32 random bytes (AES-256) that wraps every customer's data key; when unset, one is
     *                  generated once into {@code <dataDir>/erasure-master-key} and read from there on. Losing it
     *                  makes every personal value in the event store unreadable for good, and no customer known by
     *                  then can be written to or erased ({@code docs/operations.md#losing-the-master-key}).
     * @param cachedKeys most customers whose unwrapped data keys a node keeps in memory (for reading and for
     *                   appending each), the least recently used giving way
     * @param masterKeyLost start even though the master key does not open the data keys already in the database:
     *                      the operator's acknowledgement that the key that wrapped them is lost for good
     */
    public record Erasure(String masterKey, @DefaultValue("100000") int cachedKeys,
                          @DefaultValue("false") boolean masterKeyLost) {
    }
}
