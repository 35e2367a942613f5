package dev.finops.http.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One thing wrong with a request: the field (a JSON path such as {@code [3].inputTokens}) and what to fix. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(String field, String message, Integer index) {

    public FieldError(String field, String message) {
        this(field, message, null);
    }
}
