package org.journeyledger.journey.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.journeyledger.journey.problem.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;
import java.net.URI;

/**
 * Answers 401 (no or a bad credential), 403 (a role that may not do this) and 429 (over the rate limit) as RFC 9457
 * problem documents, like every other refusal of the API, rather than Spring Security's empty bodies.
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ObjectMapper mapper;
    private final boolean bearerTokensAccepted;

    SecurityProblems(ObjectMapper mapper, boolean bearerTokensAccepted) {
        this.mapper = mapper;
        this.bearerTokensAccepted = bearerTokensAccepted;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String detail;
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (e instanceof BadApiKeyException) {
            detail = e.getMessage();
        } else if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            detail = bearerTokensAccepted
                    ? "The bearer token was refused (" + e.getMessage() + "); get a new one from the issuer."
                    : "This installation accepts no bearer tokens (no issuer or secret is configured, see "
                    + "docs/security.md); send an API key in the " + ApiKeyFilter.HEADER + " header.";
        } else {
            detail = "This endpoint needs a credential: send an API key in the " + ApiKeyFilter.HEADER
                    + " header or an OAuth2 bearer token in the Authorization header (see docs/security.md).";
        }
        // Tell clients which schemes are understood (RFC 9110 requires the header on a 401).
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"journey-ledger\", ApiKey header=\""
                + ApiKeyFilter.HEADER + "\"");
        write(request, response, Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        String who = Caller.current().map(c -> "'" + c.name() + "' (roles: " + c.rolesText() + ")")
                .orElse("This credential");
        write(request, response, Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                who + " may not " + request.getMethod() + " " + request.getRequestURI()
                        + "; ask an administrator for a credential with a role that may (see docs/security.md)."));
    }

    void tooManyRequests(HttpServletRequest request, HttpServletResponse response, Caller caller, long retryAfterSeconds)
            throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        write(request, response, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", "Too many requests",
                "'" + caller.name() + "' is over its write rate limit; retry after " + retryAfterSeconds
                        + " s, or send touchpoints in batches (POST /api/touchpoints/batch)"));
    }

    private void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        mapper.writeValue(response.getOutputStream(), problem);
    }
}
