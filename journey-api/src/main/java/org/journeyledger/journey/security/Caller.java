package org.journeyledger.journey.security;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is making the current request: the credential's name (an API key's name, or {@code jwt:<subject>} for a bearer
 * token) and its roles. Used by the access log, masking and rate limits.
 *
 * @param name  the credential's name as the access log records it
 * @param roles the roles the credential holds
 */
public record Caller(String name, Set<Role> roles) {

    public Caller {
        roles = roles.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(Role.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(roles));
    }

    /** The authenticated caller of the current request, if any. */
    public static Optional<Caller> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        return Optional.of(of(authentication));
    }

    static Caller of(Authentication authentication) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            String name = authority.getAuthority();
            if (name.startsWith("ROLE_")) {
                Arrays.stream(Role.values()).filter(r -> r.authority().equals(name)).forEach(roles::add);
            }
        }
        String name = authentication instanceof JwtAuthenticationToken ? "jwt:" + authentication.getName()
                : authentication.getName();
        return new Caller(name, roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** The roles, lower-case and comma-separated, as the access log stores them. */
    public String rolesText() {
        return roles.stream().map(r -> r.name().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(","));
    }
}
