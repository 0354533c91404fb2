package org.journeyledger.journey.access;

import jakarta.servlet.Filter;
import org.journeyledger.journey.security.RequestFilterAfterAuthorization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts the access log's filter into the security filter chain, after authorisation (it needs to know the caller, and
 * a refused request is no access).
 */
@Configuration(proxyBeanMethods = false)
class AccessLogConfiguration {

    @Bean
    RequestFilterAfterAuthorization accessLogFilter(AccessLog log) {
        AccessLogFilter filter = new AccessLogFilter(log);
        return () -> filter;
    }
}
