package org.journeyledger.journey.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.Set;

/**
 * An authenticated API key (or a stream ticket issued to one): the key's name is the principal, its roles the
 * authorities.
 */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final String name;
    private final transient ApiKey key;

    ApiKeyAuthentication(String name, Set<Role> roles, ApiKey key) {
        super(roles.stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList());
        this.name = name;
        this.key = key;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return name;
    }

    @Override
    public String getName() {
        return name;
    }

    /** The stored key, for its own rate limit; null for a stream ticket. */
    ApiKey key() {
        return key;
    }
}
