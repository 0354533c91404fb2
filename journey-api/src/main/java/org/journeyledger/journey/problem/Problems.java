package org.journeyledger.journey.problem;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.net.URI;
import java.util.List;

/**
 * Builds the RFC 9457 problem documents of the API. Each kind has a stable {@code type} URI, listed in
 * {@code docs/api.md}, that clients can switch on.
 */
public final class Problems {

    private static final String TYPE_PREFIX = "urn:journey-ledger:problem:";

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + slug));
        problem.setTitle(title);
        return problem;
    }

    /** 400 naming every offending field in an {@code errors} array of {@code {field, message}}. */
    public static ProblemDetail invalidFields(List<FieldProblem> problems) {
        String detail = problems.size() == 1
                ? describe(problems.get(0))
                : problems.size() + " fields are invalid: " + String.join("; ", problems.stream().map(Problems::describe).toList());
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
        problem.setProperty("errors", problems);
        return problem;
    }

    private static String describe(FieldProblem p) {
        return (p.field().isEmpty() ? "The body" : "'" + p.field() + "'") + ": " + p.message();
    }
}
