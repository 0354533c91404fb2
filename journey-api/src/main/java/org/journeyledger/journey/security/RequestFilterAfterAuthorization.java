package org.journeyledger.journey.security;

import jakarta.servlet.Filter;

/**
 * A filter of another feature that must run once the caller is authenticated and authorised (the access log):
 * declared as a bean of this type, it is put into the security filter chain rather than registered by Spring Boot
 * in front of it.
 */
public interface RequestFilterAfterAuthorization {

    Filter filter();
}
