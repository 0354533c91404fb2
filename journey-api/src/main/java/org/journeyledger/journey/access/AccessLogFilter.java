package org.journeyledger.journey.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.journeyledger.journey.security.Caller;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Records every request that reads or changes one customer's personal data, once the caller is authenticated and
 * authorised and before the request is handled: if the entry cannot be written the request fails, and no data
 * leaves without its entry. So an entry says the data was asked for by an authorised caller; a request for an
 * unknown customer id (answered 404) is recorded too, which shows probing. Done by path here rather than in each
 * controller, so that endpoints added later by other features (erasure, unmerge) are covered by adding a line.
 */
final class AccessLogFilter extends OncePerRequestFilter {

    /** Which requests are accesses, with the action recorded for each. */
    private record Rule(String method, Pattern path, String action, String asOfAction) {
    }

    private static final String ID = "([^/]+)";
    private static final List<Rule> RULES = List.of(
            new Rule("GET", Pattern.compile("/api/customers/" + ID + "/context"), "context", "context-as-of"),
            new Rule("GET", Pattern.compile("/api/customers/" + ID + "/timeline"), "timeline", "timeline-as-of"),
            new Rule("GET", Pattern.compile("/api/customers/" + ID + "/stream"), "stream", null),
            new Rule("GET", Pattern.compile("/api/customers/" + ID + "/conversations/[^/]+"), "conversation-resume", null),
            new Rule("GET", Pattern.compile("/api/audit/customers/" + ID + "/export"), "export", null),
            new Rule("POST", Pattern.compile("/api/customers/" + ID + "/erasure"), "erasure", null),
            new Rule("POST", Pattern.compile("/api/customers/" + ID + "/unmerge"), "unmerge", null));

    private final AccessLog log;

    AccessLogFilter(AccessLog log) {
        this.log = log;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Caller> caller = Caller.current();
        if (caller.isPresent()) {
            String path = request.getRequestURI();
            for (Rule rule : RULES) {
                Matcher matcher = rule.path().matcher(path);
                if (rule.method().equals(request.getMethod()) && matcher.matches()) {
                    boolean asOf = rule.asOfAction() != null && request.getParameter("asOf") != null;
                    String query = request.getQueryString();
                    log.record(matcher.group(1), asOf ? rule.asOfAction() : rule.action(), caller.get(),
                            request.getMethod(), stripTicket(query == null ? path : path + "?" + query));
                    break;
                }
            }
        }
        chain.doFilter(request, response);
    }

    /** A stream ticket is a short-lived credential: it has no place in a log. */
    private static String stripTicket(String pathAndQuery) {
        return pathAndQuery.replaceAll("([?&])ticket=[^&]*", "$1ticket=…");
    }
}
