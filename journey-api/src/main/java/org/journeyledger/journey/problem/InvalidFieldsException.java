package org.journeyledger.journey.problem;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A request that cannot be accepted as it is; answered with 400 and every offending field.
 */
public class InvalidFieldsException extends RuntimeException {

    private final List<FieldProblem> problems;

    public InvalidFieldsException(List<FieldProblem> problems) {
        super(problems.stream().map(p -> (p.field().isEmpty() ? "body" : p.field()) + ": " + p.message())
                .collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public InvalidFieldsException(String field, String message) {
        this(List.of(new FieldProblem(field, message)));
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
