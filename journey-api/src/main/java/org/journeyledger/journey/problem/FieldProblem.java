package org.journeyledger.journey.problem;

/**
 * What is wrong with one field of a request, named by its JSON path ({@code identifiers[1].value}).
 */
public record FieldProblem(String field, String message) {
}
