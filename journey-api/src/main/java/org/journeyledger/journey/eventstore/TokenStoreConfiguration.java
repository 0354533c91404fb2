package org.journeyledger.journey.eventstore;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.TokenStoreProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.lang.management.ManagementFactory;
import java.util.UUID;

/**
 * The streaming processors' token store, as Axon's Spring Boot auto-configuration builds it, with one change: each
 * running application claims segments under an owner name of its own.
 * <p>
 * Axon's default owner is the JVM's {@code pid@hostname}. Two nodes that share it — two containers each running the
 * JVM as PID 1 on the host's network (same hostname), or two application contexts in one JVM — each take the other's
 * claims for their own: both process the same segments at the same time, the projections count events twice and the
 * publisher publishes them twice. TwoNodesTest found this; see docs/operations.md, "Two nodes".
 */
@Configuration(proxyBeanMethods = false)
class TokenStoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TokenStoreConfiguration.class);

    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer, TokenSchema tokenSchema,
                          TokenStoreProperties properties) {
        String owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        log.info("Claiming event processor segments as {}", owner);
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .schema(tokenSchema)
                .serializer(serializer)
                .claimTimeout(properties.getClaimTimeout())
                .nodeId(owner)
                .build();
    }
}
