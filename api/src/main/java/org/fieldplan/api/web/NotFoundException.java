package org.fieldplan.api.web;

import java.util.LinkedHashMap;
import java.util.Map;

/** 404: no {@code thing} with that id (or it is not visible to the caller, which looks the same). */
public class NotFoundException extends ApiException {

    public NotFoundException(String thing, Object id) {
        super(org.springframework.http.HttpStatus.NOT_FOUND, "not-found", "Not found",
                "There is no " + thing + " with id " + id + ". Check the id, or list the " + thing + "s to find it.",
                properties(thing, id));
    }

    private static Map<String, Object> properties(String thing, Object id) {
        var map = new LinkedHashMap<String, Object>();
        map.put("resource", thing);
        map.put("id", id);
        return map;
    }
}
