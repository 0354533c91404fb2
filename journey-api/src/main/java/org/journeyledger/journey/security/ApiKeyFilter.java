package org.journeyledger.journey.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Authenticates a request by its {@code X-API-Key} header (or an API key sent as a bearer token), or a live stream by its {@code ticket} parameter
 * (browsers' {@code EventSource} cannot send headers). A key or ticket that is present but not valid is refused at
 * once with 401, never treated as anonymous.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "X-API-Key";
    static final String TICKET_PARAMETER = "ticket";

    private final ApiKeys keys;
    private final StreamTickets tickets;
    private final AuthenticationEntryPoint problems;

    ApiKeyFilter(ApiKeys keys, StreamTickets tickets, AuthenticationEntryPoint problems) {
        this.keys = keys;
        this.tickets = tickets;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String secret = request.getHeader(HEADER);
        if (secret == null) {
            secret = bearerApiKey(request);
        }
        Optional<ApiKeyAuthentication> authentication = Optional.empty();
        if (secret != null) {
            authentication = keys.authenticate(secret.trim())
                    .map(key -> new ApiKeyAuthentication(key.name(), key.roles(), key));
            if (authentication.isEmpty()) {
                problems.commence(request, response, new BadApiKeyException("The API key in " + HEADER
                        + " is unknown or revoked; ask an administrator for a valid one."));
                return;
            }
        } else if (request.getParameter(TICKET_PARAMETER) != null && "GET".equals(request.getMethod())) {
            authentication = tickets.redeem(request.getParameter(TICKET_PARAMETER), request.getRequestURI())
                    .map(caller -> new ApiKeyAuthentication(caller.name(), caller.roles(), null));
            if (authentication.isEmpty()) {
                problems.commence(request, response, new BadApiKeyException("The stream ticket is expired, "
                        + "malformed or for another stream; ask for a new one (POST /api/customers/{id}/stream-tickets)."));
                return;
            }
        }
        if (authentication.isPresent()) {
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(authentication.get());
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }

    /**
     * An API key sent as {@code Authorization: Bearer <key>}, for clients that can only send that header
     * (Prometheus' scrape configuration): a bearer value without dots, which no JWT is.
     */
    static String bearerApiKey(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() || token.indexOf('.') >= 0 ? null : token;
    }
}
