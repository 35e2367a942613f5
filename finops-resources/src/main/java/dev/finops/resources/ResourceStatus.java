package dev.finops.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the owning service made of a resource: the generation it last reconciled, the id of the object it
 * created, and a Ready or Invalid condition. The same for every kind.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceStatus(Long observedGeneration, String objectId, List<ResourceCondition> conditions) {
}
