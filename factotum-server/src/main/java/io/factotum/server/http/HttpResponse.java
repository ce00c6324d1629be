package io.factotum.server.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * An endpoint's answer: a JSON value (compact, or pretty for {@code ?pretty=1}) or plain text.
 *
 * @param status the HTTP status
 * @param json the JSON body, or null for text
 * @param text the text body when {@code json} is null
 * @param contentType the Content-Type of a text body
 */
public record HttpResponse(int status, JsonElement json, String text, String contentType) {
    public static final String JSON_TYPE = "application/json; charset=UTF-8";

    public static HttpResponse json(int status, JsonElement body) {
        return new HttpResponse(status, body, null, JSON_TYPE);
    }

    /** Factotum Server's message object, {@code {"message":"<text>"}}. */
    public static HttpResponse message(int status, String message) {
        JsonObject body = new JsonObject();
        body.addProperty("message", message);
        return json(status, body);
    }

    public static HttpResponse text(int status, String text, String contentType) {
        return new HttpResponse(status, null, text, contentType);
    }
}
