package org.journeyledger.journey.touchpoint;

/**
 * What is wrong with one field of a touchpoint, named by its JSON path ({@code data.dueAt}).
 */
public record DataProblem(String field, String message) {
}
