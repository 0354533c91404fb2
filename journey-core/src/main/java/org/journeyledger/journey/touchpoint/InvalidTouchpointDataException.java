package org.journeyledger.journey.touchpoint;

import java.util.List;

/**
 * The {@code data} of a typed touchpoint does not have the fields its type requires; every problem is listed.
 */
public class InvalidTouchpointDataException extends IllegalArgumentException {

    private final List<DataProblem> problems;

    public InvalidTouchpointDataException(List<DataProblem> problems) {
        super(problems.toString());
        this.problems = List.copyOf(problems);
    }

    public List<DataProblem> problems() {
        return problems;
    }
}
