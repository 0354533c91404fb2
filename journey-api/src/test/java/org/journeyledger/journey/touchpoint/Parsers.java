package org.journeyledger.journey.touchpoint;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.journeyledger.journey.config.JourneyProperties;
import org.journeyledger.journey.identity.IdentifierNormalizer;
import org.journeyledger.journey.identity.IdentityGuardrails;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Clock;

/**
 * The parser as the application builds it, without an application context: the default {@code journey.*} settings
 * and a mapper reading numbers as {@code application.yml} tells Spring Boot's to.
 */
final class Parsers {

    private Parsers() {
    }

    static TouchpointParser withDefaults(Clock clock) {
        JourneyProperties properties = new Binder(new MapConfigurationPropertySource())
                .bindOrCreate("journey", JourneyProperties.class);
        IdentifierNormalizer normalizer = new IdentifierNormalizer(properties.identity().defaultRegion(),
                properties.identity().extraTypes());
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
        return new TouchpointParser(mapper, normalizer, new ChannelCatalogue(properties.channels().extra()),
                new IdentityGuardrails(properties, normalizer), properties, clock);
    }
}
