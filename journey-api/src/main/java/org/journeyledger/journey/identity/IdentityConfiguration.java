package org.journeyledger.journey.identity;

import org.journeyledger.journey.config.JourneyProperties;
import org.journeyledger.journey.touchpoint.ChannelCatalogue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The identifier types and channels of this installation, from {@code journey.identity.*} and
 * {@code journey.channels.*}.
 */
@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

    @Bean
    IdentifierNormalizer identifierNormalizer(JourneyProperties properties) {
        return new IdentifierNormalizer(properties.identity().defaultRegion(), properties.identity().extraTypes());
    }

    @Bean
    ChannelCatalogue channelCatalogue(JourneyProperties properties) {
        return new ChannelCatalogue(properties.channels().extra());
    }
}
