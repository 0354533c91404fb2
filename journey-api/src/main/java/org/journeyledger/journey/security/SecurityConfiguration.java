package org.journeyledger.journey.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import static org.journeyledger.journey.security.Role.ADMIN;
import static org.journeyledger.journey.security.Role.AGENT;
import static org.journeyledger.journey.security.Role.ANALYST;
import static org.journeyledger.journey.security.Role.AUDITOR;
import static org.journeyledger.journey.security.Role.CHANNEL;

/**
 * Who may call what. Every request under {@code /api/} and {@code /actuator/} needs a credential (an
 * {@code X-API-Key} or an OAuth2 bearer token) with a role that may; the console's static files, the OpenAPI
 * document and the health endpoint stay open. The table is in {@code docs/security.md}; keep both in step.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http, ObjectMapper mapper, ApiKeys keys, StreamTickets tickets,
                            SecurityProperties properties, ObjectProvider<JwtDecoder> jwtDecoder,
                            List<RequestFilterAfterAuthorization> after) throws Exception {
        boolean bearer = jwtDecoder.getIfAvailable() != null;
        SecurityProblems problems = new SecurityProblems(mapper, bearer);
        http.csrf(AbstractHttpConfigurer::disable) // no cookies, no sessions: nothing for a forged request to ride on
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterBefore(new ApiKeyFilter(keys, tickets, problems), AnonymousAuthenticationFilter.class)
                .addFilterAfter(new WriteRateLimiter(properties.rateLimit(), problems), AuthorizationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        // The async dispatch of a live stream and error pages were authorised on the way in.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/", "/index.html", "/favicon.ico", "/console/**").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/me").authenticated()
                        .requestMatchers("/actuator/**", "/api/admin/**").hasRole(ADMIN.name())
                        .requestMatchers("/api/audit/**").hasAnyRole(AUDITOR.name(), ADMIN.name())
                        .requestMatchers("/api/analytics/**")
                        .hasAnyRole(ANALYST.name(), AGENT.name(), AUDITOR.name(), ADMIN.name())
                        .requestMatchers(HttpMethod.POST, "/api/touchpoints")
                        .hasAnyRole(CHANNEL.name(), AGENT.name(), ADMIN.name())
                        .requestMatchers(HttpMethod.POST, "/api/touchpoints/batch")
                        .hasAnyRole(CHANNEL.name(), ADMIN.name())
                        .requestMatchers(HttpMethod.POST, "/api/customers/*/erasure", "/api/customers/*/unmerge")
                        .hasAnyRole(AUDITOR.name(), ADMIN.name())
                        .requestMatchers(HttpMethod.POST, "/api/customers/*/matches", "/api/customers/*/matches/**",
                                "/api/customers/*/offer-checks")
                        .hasAnyRole(AGENT.name(), ADMIN.name())
                        .requestMatchers(HttpMethod.POST, "/api/customers/*/stream-tickets")
                        .hasAnyRole(AGENT.name(), AUDITOR.name(), ADMIN.name())
                        // Looking into the past is an audit: as-of reads are for auditors.
                        .requestMatchers(asOf()).hasAnyRole(AUDITOR.name(), ADMIN.name())
                        .requestMatchers(HttpMethod.GET, "/api/customers/**")
                        .hasAnyRole(AGENT.name(), AUDITOR.name(), ADMIN.name())
                        // Anything not listed (new endpoints included) is for administrators until listed here.
                        .anyRequest().hasRole(ADMIN.name()));
        for (RequestFilterAfterAuthorization filter : after) {
            http.addFilterAfter(filter.filter(), WriteRateLimiter.class);
        }
        if (bearer) {
            DefaultBearerTokenResolver tokens = new DefaultBearerTokenResolver();
            http.oauth2ResourceServer(o -> o.authenticationEntryPoint(problems).accessDeniedHandler(problems)
                    // An API key sent as a bearer token is the API-key filter's, not a JWT to decode.
                    .bearerTokenResolver(request -> ApiKeyFilter.bearerApiKey(request) != null ? null
                            : tokens.resolve(request))
                    .jwt(jwt -> jwt.decoder(jwtDecoder.getObject())
                            .jwtAuthenticationConverter(scopesToRoles(properties.jwt().scopePrefix()))));
        }
        return http.build();
    }

    private static RequestMatcher asOf() {
        return request -> "GET".equals(request.getMethod()) && request.getRequestURI().startsWith("/api/customers/")
                && request.getParameter("asOf") != null;
    }

    /** Scopes {@code journey.agent}, … (with the configured prefix) become roles; other scopes are ignored. */
    static JwtAuthenticationConverter scopesToRoles(String prefix) {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter((Jwt jwt) -> {
            Collection<GrantedAuthority> authorities = new ArrayList<>();
            for (String scope : scopes(jwt)) {
                if (!scope.startsWith(prefix)) {
                    continue;
                }
                String name = scope.substring(prefix.length()).toUpperCase(Locale.ROOT);
                for (Role role : Role.values()) {
                    if (role.name().equals(name)) {
                        authorities.add(new SimpleGrantedAuthority(role.authority()));
                    }
                }
            }
            return authorities;
        });
        return converter;
    }

    private static List<String> scopes(Jwt jwt) {
        Object claim = jwt.getClaims().containsKey("scope") ? jwt.getClaims().get("scope") : jwt.getClaims().get("scp");
        if (claim instanceof String text) {
            return List.of(text.trim().split("\\s+"));
        }
        if (claim instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    /**
     * Bearer tokens signed with a shared secret (HS256), for installations without an OAuth2 issuer; with
     * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code .jwk-set-uri} Spring Boot builds the
     * decoder from the issuer's keys instead.
     */
    @Bean
    @ConditionalOnProperty("journey.security.jwt.hmac-secret")
    JwtDecoder hmacJwtDecoder(SecurityProperties properties) {
        byte[] secret = properties.jwt().hmacSecret().getBytes(StandardCharsets.UTF_8);
        if (secret.length < 32) {
            throw new IllegalStateException("journey.security.jwt.hmac-secret must be at least 32 bytes (256 bits) "
                    + "for HS256; generate one with: openssl rand -base64 48");
        }
        return NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256).build();
    }
}
