package dev.finops.pricing.rest;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;

/** Conditional GETs: answers 304 when the caller already holds this representation. */
final class ETags {

    private ETags() {
    }

    static Response ok(Object entity, String tag, String ifNoneMatch) {
        EntityTag etag = new EntityTag(tag);
        if (ifNoneMatch != null && matches(ifNoneMatch, etag.getValue())) {
            return Response.notModified(etag).build();
        }
        return Response.ok(entity).tag(etag).build();
    }

    private static boolean matches(String header, String value) {
        return Arrays.stream(header.split(",")).map(String::trim)
                .map(t -> t.startsWith("W/") ? t.substring(2) : t)
                .anyMatch(t -> t.equals("*") || t.equals("\"" + value + "\""));
    }
}
