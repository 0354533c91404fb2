package org.journeyledger.journey.eventstore;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.common.lock.PessimisticLockFactory;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.modelling.command.RepositorySpanFactory;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.journeyledger.journey.config.JourneyProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.journeyledger.journey.commerce.PriceAdjustedEventUpcaster;
import org.journeyledger.journey.customer.CustomerJourney;
import org.journeyledger.journey.json.InstantText;
import org.journeyledger.journey.ledger.LedgerEventIds;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Wires Axon's JDBC event store and token store to the schema owned by our Flyway migrations, with Jackson as the
 * one serializer, and registers the {@link CustomerJourney} aggregate. Why JDBC rather than JPA is in
 * {@code docs/architecture.md}.
 */
@Configuration(proxyBeanMethods = false)
class EventStoreConfiguration {

    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    /**
     * Axon's JDBC storage engine as Spring Boot would build it, with two changes: every append also writes the
     * event's link in its customer's hash chain ({@link HashChainedAppend}), over the payload as stored: with its
     * personal values encrypted ({@link PayloadEncryption}); and a group of commands can have its customers' streams
     * read ahead ({@link ReadAheadStorageEngine}).
     */
    @Bean
    ReadAheadStorageEngine eventStorageEngine(Serializer serializer, PersistenceExceptionResolver exceptionResolver,
                                              org.axonframework.config.Configuration configuration,
                                              ConnectionProvider connectionProvider,
                                              TransactionManager transactionManager, EventSchema eventSchema,
                                              PayloadEncryption encryption, SnapshotProtection snapshots,
                                              JdbcTemplate jdbc) {
        return new ReadAheadStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(snapshots.serializer())
                .eventSerializer(serializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(exceptionResolver)
                .snapshotFilter(configuration.snapshotFilter().combine(snapshots.filter()))
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                .appendEvents(new HashChainedAppend(encryption))
                // Rows per query when reading a stream or the store: Axon's 100 made a customer with 10,000 events
                // (an as-of read, a cold load) 100 round trips, and a replay ten times as many queries as needed.
                .batchSize(1000), jdbc);
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("time_stamp")
                .setOwnerColumn("owner")
                .build();
    }

    /**
     * Tells Axon which database errors mean "another writer appended to this aggregate first", so that they surface as
     * Axon's {@code ConcurrencyException} and the write is retried. Axon's default JDBC resolver matches by vendor
     * error codes, which the PostgreSQL driver does not set; PostgreSQL's SQLState for a unique violation is 23505.
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver("23505");
    }

    /**
     * One Jackson serializer for events, messages and tokens. Its mapper is private to the event store so that web
     * formatting settings can never change what is stored. Unknown properties are ignored so that a node still on the
     * previous version can read events written by the next one during a rolling upgrade.
     */
    @Bean
    @Primary
    Serializer serializer() {
        return JacksonSerializer.builder().objectMapper(eventMapper()).build();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(Serializer serializer) {
        return serializer;
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer(Serializer serializer) {
        return serializer;
    }

    /** Reads revision 1 of {@code PriceAdjustedEvent} (separate amount and currency) as revision 2. */
    @Bean
    EventUpcaster priceAdjustedEventUpcaster() {
        return new PriceAdjustedEventUpcaster();
    }

    /**
     * Registers the aggregate with {@link CustomerJourneyRepository}: Axon's event-sourcing repository with a cache
     * checked against the stream on every load. Axon's in-memory per-aggregate lock serialises commands to one
     * customer on this node, but it is released after each command while the database transaction (which may send
     * several commands, as a merge does) goes on. A writer holding a customer's lock while its append waits for
     * another transaction that in turn waits for that lock would be a deadlock PostgreSQL cannot see; so the lock is
     * given up after about a second (100 attempts of 10 ms instead of Axon's 60 s), the writer's transaction rolls
     * back and is repeated, and the other goes on.
     */
    @Bean
    ConfigurerModule customerJourneyAggregate(AggregateCache cache, JdbcTemplate jdbc, CustomerSnapshots snapshots) {
        return configurer -> configurer.configureAggregate(AggregateConfigurer.defaultConfiguration(
                        CustomerJourney.class)
                .configureRepository(configuration -> {
                    AggregateModel<CustomerJourney> model = AnnotatedAggregateMetaModelFactory.inspectAggregate(
                            CustomerJourney.class, configuration.parameterResolverFactory(),
                            configuration.handlerDefinition(CustomerJourney.class));
                    EventSourcingRepository.Builder<CustomerJourney> repository =
                            EventSourcingRepository.builder(CustomerJourney.class)
                                    .aggregateModel(model)
                                    .lockFactory(PessimisticLockFactory.builder()
                                            .acquireAttempts(100).lockAttemptTimeout(10).build())
                                    .eventStore(configuration.eventStore())
                                    .repositoryProvider(configuration::repository)
                                    .spanFactory(configuration.getComponent(RepositorySpanFactory.class));
                    snapshots.trigger(configuration, model).ifPresent(repository::snapshotTriggerDefinition);
                    return new CustomerJourneyRepository(repository, cache, jdbc);
                })
                .configureCommandTargetResolver(configuration -> new CommandTargets()));
    }

    @Bean(destroyMethod = "close")
    CustomerSnapshots customerSnapshots(JourneyProperties properties, SnapshotProtection protection,
                                        TransactionManager transactionManager, MeterRegistry meters) {
        return new CustomerSnapshots(properties.ingest().snapshotEvery(), protection, transactionManager, meters);
    }

    @Bean
    AggregateCache aggregateCache(JourneyProperties properties) {
        return new AggregateCache(properties.ingest().aggregateCacheSize());
    }

    @Bean
    LedgerEventIdsRegistration ledgerEventIdsRegistration(EventStore eventStore) {
        return new LedgerEventIdsRegistration(eventStore);
    }

    /** Puts {@link LedgerEventIds} in front of the event store, so events carry the ids the API answered with. */
    static final class LedgerEventIdsRegistration {
        LedgerEventIdsRegistration(EventStore eventStore) {
            eventStore.registerDispatchInterceptor(new LedgerEventIds());
        }
    }

    private static ObjectMapper eventMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(InstantText.module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                // Payloads are read into trees (decryption, upcasters) and deserialised from them: 49.90 must stay
                // 49.90, in an amount as in a touchpoint's data, as the channel sent it.
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }
}
