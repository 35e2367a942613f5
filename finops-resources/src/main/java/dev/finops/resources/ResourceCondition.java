package dev.finops.resources;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A status condition: type Ready or Invalid, status "True"/"False"/"Unknown", an RFC 3339 lastTransitionTime. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceCondition(String type, String status, String reason, String message, String lastTransitionTime) {

    public static final String READY = "Ready";
    public static final String INVALID = "Invalid";
}
